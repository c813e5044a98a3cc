using Concord.Domain.Triage;
using Concord.Web.Shared;

namespace Concord.Web.Triage;

/// <summary>A red flag raised on a case (红色预警), with its reason and the cases it links to.</summary>
public sealed class CaseRedFlag : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public RedFlagKind Kind { get; init; }

    public required string Reason { get; init; }

    /// <summary>Linked case codes, comma-separated.</summary>
    public string? LinkedCaseCodes { get; init; }

    public DateTime RaisedAt { get; init; }
}
