using Concord.Web.Shared;

namespace Concord.Web.Routing;

public enum AssignmentRole
{
    Lead,
    Assisting,
}

/// <summary>
/// 分流: a case sent to an organisation, as lead or assisting (联动: 诉调、警调、访调 …). The
/// receiving organisation accepts or returns it — to the centre, never sideways.
/// </summary>
public sealed class CaseAssignment : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public long OrgUnitId { get; init; }

    public AssignmentRole Role { get; init; }

    public DateTime AssignedAt { get; init; }

    public long? AssignedByUserId { get; init; }

    /// <summary>Set when the dispatcher did not follow the routing proposal.</summary>
    public string? OverrideReason { get; init; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? ReturnedAt { get; set; }

    public string? ReturnReason { get; set; }
}
