namespace Concord.Web.Shared;

/// <summary>
/// A row that belongs to a place in the administrative tree. Every such row is filtered to the
/// acting user's subtree by <see cref="Persistence.ConcordDb"/> on read and checked on write;
/// no page or endpoint filters by scope itself.
/// </summary>
public interface IRegionScoped
{
    string RegionCode { get; }
}
