using Concord.Web.Shared;

namespace Concord.Web.Lessons;

/// <summary>
/// 以案促改: a lessons-learned review of one case or of related cases (a repeat chain, one place):
/// the root cause, the gaps found in the work, and actions tracked to completion. Belongs to the
/// deepest place holding all its cases (no deeper than the village).
/// </summary>
public sealed class LessonReview : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Title { get; init; }

    /// <summary>根源分析.</summary>
    public required string Cause { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedByUserId { get; init; }

    public required string CreatedByName { get; init; }

    /// <summary>销号: set when a supervisor confirmed every action done.</summary>
    public DateTime? ClosedAt { get; set; }

    public string? ClosedByName { get; set; }

    public string? ClosingNote { get; set; }

    public List<LessonReviewCase> Cases { get; } = [];

    public List<LessonGap> Gaps { get; } = [];

    public List<LessonAction> Actions { get; } = [];
}

/// <summary>A case under review, with the reasons it qualified when the review was opened.</summary>
public sealed class LessonReviewCase : IRegionScoped
{
    public long Id { get; init; }

    public long ReviewId { get; init; }

    /// <summary>The review's place (the case itself may be deeper).</summary>
    public required string RegionCode { get; init; }

    public long CaseId { get; init; }

    public required string CaseCode { get; init; }

    /// <summary>LessonReason names, comma-separated (empty when added as a related case).</summary>
    public required string Reasons { get; init; }
}

/// <summary>工作短板: one gap the review found.</summary>
public sealed class LessonGap : IRegionScoped
{
    public long Id { get; init; }

    public long ReviewId { get; init; }

    public required string RegionCode { get; init; }

    public required string Text { get; init; }
}

/// <summary>整改措施: what is to be done, by whom (an org unit and/or a person), by when; done with evidence.</summary>
public sealed class LessonAction : IRegionScoped
{
    public long Id { get; init; }

    public long ReviewId { get; init; }

    public required string RegionCode { get; init; }

    public required string Text { get; init; }

    public long? OwnerOrgUnitId { get; init; }

    public string? OwnerOrgName { get; init; }

    public long? OwnerUserId { get; init; }

    public string? OwnerName { get; init; }

    public DateOnly DueOn { get; init; }

    public DateTime? DoneAt { get; set; }

    /// <summary>整改佐证: what was done, in words (documents, meetings, training …).</summary>
    public string? Evidence { get; set; }

    public string? DoneByName { get; set; }
}
