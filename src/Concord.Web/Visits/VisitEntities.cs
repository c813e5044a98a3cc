using Concord.Domain.Identity;
using Concord.Domain.Visits;
using Concord.Web.Shared;

namespace Concord.Web.Visits;

/// <summary>走访: a grid worker's, grid leader's or 联户长's visit to a household, scoped to the household's 十联户.</summary>
public sealed class Visit : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>Random, shown nowhere important: the result key of an idempotent retry (the id exists only after the batch commits).</summary>
    public required string Reference { get; init; }

    public long HouseholdId { get; init; }

    /// <summary>The household's 十联户 code (17 digits).</summary>
    public required string RegionCode { get; init; }

    public VisitKind Kind { get; init; }

    public DateTime VisitedAt { get; init; }

    /// <summary>WGS-84 as the browser reports it (navigator.geolocation); absent when the visitor refused or had no fix.</summary>
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public double? AccuracyMeters { get; init; }

    public required string Findings { get; init; }

    /// <summary>发现问题: something the visitor may later report as an event.</summary>
    public bool FollowUpNeeded { get; init; }

    public string? FollowUpNote { get; init; }

    public long? VisitorUserId { get; init; }

    public required string VisitorName { get; init; }

    public Role? VisitorRole { get; init; }

    public DateTime RecordedAt { get; init; }
}

/// <summary>
/// A household's standing for visits, one row per household that was ever visited or flagged:
/// the time of its latest visit (kept in the same transaction as each visit, so coverage is a
/// range query on this table, never a scan of visits) and the 重点户 flag the grid leader sets.
/// Kept beside <c>households</c> rather than in it so the registry owns its own table.
/// </summary>
public sealed class HouseholdVisitState : IRegionScoped
{
    public long HouseholdId { get; init; }

    public required string RegionCode { get; init; }

    public DateTime? LastVisitedAt { get; set; }

    /// <summary>重点户: visited weekly (周重点走访) instead of within the basic window.</summary>
    public bool Key { get; set; }

    public string? KeyReason { get; set; }

    public DateTime? KeyMarkedAt { get; set; }

    public string? KeyMarkedBy { get; set; }
}

/// <summary>周研判: the weekly meeting of a grid or a village that reviews what the visits found and decides items.</summary>
public sealed class ReviewMeeting : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>A grid (15 digits) or a village (12).</summary>
    public required string RegionCode { get; init; }

    public DateOnly HeldOn { get; init; }

    public required string Place { get; init; }

    /// <summary>Attendees as written (people from outside Concord: 驻村民警, 村干部 …).</summary>
    public string? Attendees { get; init; }

    public required string Topics { get; init; }

    public long? RecordedByUserId { get; init; }

    public required string RecordedByName { get; init; }

    public DateTime RecordedAt { get; init; }

    public List<ReviewMeetingMember> Members { get; } = [];

    public List<ReviewItem> Items { get; } = [];
}

/// <summary>A Concord user who attended a 研判 meeting.</summary>
public sealed class ReviewMeetingMember : IRegionScoped
{
    public long Id { get; init; }

    public long MeetingId { get; init; }

    public required string RegionCode { get; init; }

    public long UserId { get; init; }

    public required string Name { get; init; }
}

public enum ReviewItemStatus
{
    Open,
    Done,
}

/// <summary>An item the meeting decided: who does what by when, tracked to done.</summary>
public sealed class ReviewItem : IRegionScoped
{
    public long Id { get; init; }

    public long MeetingId { get; init; }

    public required string RegionCode { get; init; }

    public required string Text { get; init; }

    public required string OwnerName { get; init; }

    public long? OwnerUserId { get; init; }

    public DateOnly DueOn { get; init; }

    public ReviewItemStatus Status { get; set; }

    public DateTime? DoneAt { get; set; }

    public string? DoneNote { get; set; }

    public string? DoneByName { get; set; }
}
