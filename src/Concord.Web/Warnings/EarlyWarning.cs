using Concord.Domain.Warnings;
using Concord.Web.Shared;

namespace Concord.Web.Warnings;

/// <summary>
/// 预警: one early warning, raised and kept current by the <see cref="Scan.WarningScanner"/>. Its
/// region is the place it belongs to (a village, or the nearest common ancestor of its cases'
/// villages, or the handling organisation's place), so the ordinary data scope decides who sees it.
/// </summary>
public sealed class EarlyWarning : IRegionScoped
{
    public long Id { get; init; }

    public WarningKind Kind { get; init; }

    /// <summary>Stable per kind (party or address digest, village+category+month, village/org+month): a re-scan updates, never duplicates.</summary>
    public required string DedupeKey { get; init; }

    public required string RegionCode { get; set; }

    public required string Title { get; set; }

    /// <summary>The numbers behind the warning, in the words a duty officer reads.</summary>
    public required string Evidence { get; set; }

    /// <summary>A case list filtered to the warning's cases (category, place, month), when the list can express it.</summary>
    public string? CaseListLink { get; set; }

    public int CaseCount { get; set; }

    public DateTime FirstSeenAt { get; init; }

    public DateTime LastSeenAt { get; set; }

    public WarningStatus Status { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public string? AcknowledgedByName { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedByName { get; set; }

    /// <summary>The latest note of whoever acknowledged or closed it.</summary>
    public string? Note { get; set; }

    public List<EarlyWarningCase> Cases { get; } = [];
}

/// <summary>A case behind a warning. Scoped by the case's own region: a user sees only the linked cases he may open.</summary>
public sealed class EarlyWarningCase : IRegionScoped
{
    public long Id { get; init; }

    public long WarningId { get; init; }

    public long CaseId { get; init; }

    public required string CaseCode { get; init; }

    public required string RegionCode { get; init; }

    public DateTime RegisteredAt { get; init; }
}
