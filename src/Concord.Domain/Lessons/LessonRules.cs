using Concord.Domain.Cases;
using Concord.Domain.Regions;
using Concord.Domain.Triage;

namespace Concord.Domain.Lessons;

/// <summary>Why a case is put up for a lessons-learned review (以案促改). Stored by name.</summary>
public enum LessonReason
{
    /// <summary>调解不成: mediation ended without agreement (or the court's rejection sent it to litigation).</summary>
    Failed,

    /// <summary>不满意重办: a party rated the result 不满意 and the case was reopened.</summary>
    Dissatisfied,

    /// <summary>超期督办: a stage deadline ran over and was escalated up the tree.</summary>
    EscalatedOverdue,

    /// <summary>重复纠纷: the same party or the same address had an earlier dispute (red flag at intake).</summary>
    Repeat,

    /// <summary>群体性纠纷: many applicants, many cases against one respondent, or many people involved.</summary>
    Group,
}

/// <summary>What is known about one case that may make it a candidate; the caller gathers it.</summary>
public sealed record LessonEvidence(
    bool MediationFailed,
    bool RatedDissatisfied,
    int Escalations,
    IReadOnlyCollection<RedFlagKind> RedFlags,
    int? PeopleInvolved);

/// <summary>A review action (整改措施) as the rules see it.</summary>
public sealed record ActionState(bool Done, DateOnly DueOn);

/// <summary>How far a review has come: counts, and whether a supervisor may close it.</summary>
public sealed record ReviewProgress(int Actions, int Done, int Overdue)
{
    public int Open => Actions - Done;

    public bool AllDone => Actions > 0 && Done == Actions;
}

/// <summary>
/// 以案促改: failed, repeated and group disputes are reviewed for their root cause, the gaps in
/// the work, and actions with an owner and a due date, tracked to completion. These are the rules;
/// the web module stores and shows them.
/// </summary>
public static class LessonRules
{
    /// <summary>Timeline kinds that mean mediation failed: the lifecycle's moves and the seeded history's line.</summary>
    public static readonly IReadOnlyList<string> FailureEventKinds =
        [nameof(CaseAction.RecordNoAgreement), nameof(CaseAction.RecordRejectedLitigate), "no_agreement"];

    /// <summary>People involved from which a dispute counts as a group dispute even without a red flag (the grader's 5 applicants).</summary>
    public static int GroupPeople(RiskRules rules) => rules.GroupApplicants;

    public static IReadOnlyList<LessonReason> ReasonsFor(LessonEvidence e, RiskRules rules)
    {
        var reasons = new List<LessonReason>();
        if (e.MediationFailed)
        {
            reasons.Add(LessonReason.Failed);
        }

        if (e.RatedDissatisfied)
        {
            reasons.Add(LessonReason.Dissatisfied);
        }

        if (e.Escalations > 0)
        {
            reasons.Add(LessonReason.EscalatedOverdue);
        }

        if (e.RedFlags.Contains(RedFlagKind.Repeat))
        {
            reasons.Add(LessonReason.Repeat);
        }

        if (e.RedFlags.Contains(RedFlagKind.Group) || e.PeopleInvolved >= GroupPeople(rules))
        {
            reasons.Add(LessonReason.Group);
        }

        return reasons;
    }

    public static string Label(LessonReason reason) => reason switch
    {
        LessonReason.Failed => "调解不成",
        LessonReason.Dissatisfied => "不满意重办",
        LessonReason.EscalatedOverdue => "超期督办",
        LessonReason.Repeat => "重复纠纷",
        LessonReason.Group => "群体性纠纷",
        _ => reason.ToString(),
    };

    public static bool TryParse(string? value, out LessonReason reason) =>
        Enum.TryParse(value, ignoreCase: true, out reason) && Enum.IsDefined(reason);

    /// <summary>
    /// Where a review belongs: the deepest place that holds all its cases, but no deeper than the
    /// village — a review judges the work of the village's or town's organisations, not of one grid.
    /// </summary>
    public static string ReviewRegion(IReadOnlyCollection<string> caseRegions)
    {
        if (caseRegions.Count == 0)
        {
            throw new ArgumentException("A review needs at least one case.", nameof(caseRegions));
        }

        var lineages = caseRegions.Select(RegionCode.Lineage).ToList();
        var common = lineages[0].Where(code => lineages.All(l => l.Contains(code))).ToList();
        var region = common.Count == 0 ? caseRegions.First()[..2] : common[^1];
        return RegionCode.LevelOf(region) > RegionLevel.Village ? region[..RegionCode.LengthOf(RegionLevel.Village)] : region;
    }

    /// <summary>An owner must be able to open the review they act on: their subtree holds the review's place.</summary>
    public static RuleViolation? OwnerMustSeeTheReview(string ownerScope, string reviewRegion) =>
        RegionCode.IsWithin(reviewRegion, ownerScope)
            ? null
            : new RuleViolation("owner_out_of_reach", "责任单位或责任人看不到这次复盘涉及的地区，请选择其上级或本地的单位。");

    /// <summary>An open action is overdue from the day after its due date (China date).</summary>
    public static bool IsOverdue(ActionState action, DateOnly today) => !action.Done && action.DueOn < today;

    public static RuleViolation? DueDateCannotBeInThePast(DateOnly dueOn, DateOnly today) =>
        dueOn < today ? new RuleViolation("due_in_past", "整改期限不能早于今天。") : null;

    public static ReviewProgress Progress(IReadOnlyCollection<ActionState> actions, DateOnly today) =>
        new(actions.Count, actions.Count(a => a.Done), actions.Count(a => IsOverdue(a, today)));

    /// <summary>销号: a review is closed only when every action is done and a supervisor confirms it.</summary>
    public static RuleViolation? ReviewCanOnlyBeClosedWhenEveryActionIsDone(bool closed, IReadOnlyCollection<ActionState> actions, bool confirmed)
    {
        if (closed)
        {
            return new RuleViolation("review_closed", "该复盘已销号。");
        }

        var open = actions.Count(a => !a.Done);
        if (actions.Count == 0 || open > 0)
        {
            return new RuleViolation("review_has_open_actions", actions.Count == 0
                ? "该复盘还没有整改措施，不能销号。"
                : $"还有 {open} 项整改措施未完成，不能销号。");
        }

        return confirmed ? null : new RuleViolation("confirmation_required", "请确认整改措施已全部落实。");
    }

    /// <summary>A closed review is a record: nothing is added or changed any more.</summary>
    public static RuleViolation? AClosedReviewIsNotChanged(bool closed) =>
        closed ? new RuleViolation("review_closed", "该复盘已销号，不能再修改。") : null;

    public static RuleViolation? AnActionIsDoneOnce(bool done) =>
        done ? new RuleViolation("action_already_done", "该整改措施已完成。") : null;
}
