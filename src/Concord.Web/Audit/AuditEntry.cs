using Concord.Web.Shared;

namespace Concord.Web.Audit;

/// <summary>
/// One write, as the audit log keeps it. Entries form a hash chain: Hash = SM3(PrevHash ‖
/// canonical fields), Seq has no gaps, so an altered entry breaks its own hash and a removed one
/// breaks the sequence and the next link.
/// </summary>
public sealed class AuditEntry : IRegionScoped
{
    public long Seq { get; init; }

    public DateTime At { get; init; }

    public long? UserId { get; init; }

    public required string UserName { get; init; }

    public required string OrgName { get; init; }

    /// <summary>The actor's scope (where the write was made from); system writes use the root region.</summary>
    public required string RegionCode { get; init; }

    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>Changed fields as JSON, personal data masked.</summary>
    public required string Changes { get; init; }

    public required string PrevHash { get; init; }

    public required string Hash { get; init; }
}
