using Concord.Domain.Cases;
using Concord.Domain.Identity;

namespace Concord.Domain.Events;

/// <summary>
/// Where an event (随手拍事件) stands. Stored by name: values may be added, never renamed.
/// "办小事、报大事": the grid handles small things itself (<see cref="HandledInGrid"/>) and
/// escalates the rest, which the centre dispatches to a department (大联勤).
/// </summary>
public enum EventStatus
{
    /// <summary>待处置: reported, waiting for the grid to handle or escalate it.</summary>
    Reported,

    /// <summary>已就地处置: the grid handled it (with a proof photo), waiting for verification.</summary>
    HandledInGrid,

    /// <summary>已上报: escalated to the centre, waiting to be dispatched.</summary>
    Escalated,

    /// <summary>已派遣: at a department, with a deadline.</summary>
    Dispatched,

    /// <summary>部门已反馈: the department replied; the centre verifies.</summary>
    Replied,

    /// <summary>已办结: verified and closed; the reporter may rate.</summary>
    Closed,

    /// <summary>已评价: closed and rated by the reporter.</summary>
    Rated,

    /// <summary>已转为案件: a dispute event that became a case (the case carries on).</summary>
    Converted,

    /// <summary>已作废: not an event (a duplicate, a false report), with the reason on the timeline.</summary>
    Dismissed,
}

/// <summary>What someone does to an event. Each is a row (or several) of <see cref="EventLifecycle.Table"/>.</summary>
public enum EventAction
{
    HandleInGrid,
    Escalate,
    AcceptHandling,
    RejectHandling,
    Dispatch,
    ReturnToCentre,
    Reply,
    AcceptReply,
    RejectReply,
    Rate,
    ConvertToCase,
    Dismiss,
}

/// <summary>Facts about an event and the request that the guards read; the caller gathers them.</summary>
public sealed record EventFacts
{
    public bool HasReason { get; init; }

    /// <summary>HandleInGrid: a proof photo (处置后照片) comes with the request.</summary>
    public bool HasProofPhoto { get; init; }

    /// <summary>Dispatch: a department org unit was chosen.</summary>
    public bool HasDepartment { get; init; }

    /// <summary>Reply: the department's reply text.</summary>
    public bool HasReplyText { get; init; }

    /// <summary>Rate: the actor is the one who reported the event.</summary>
    public bool IsReporter { get; init; }

    /// <summary>ConvertToCase: the event's item is a dispute (矛盾纠纷) item.</summary>
    public bool IsDispute { get; init; }

    /// <summary>Rate: a rating (满意/基本满意/不满意) was given.</summary>
    public bool HasRating { get; init; }
}

/// <summary>
/// The event lifecycle as one table: state × action → state, who may do it (staff roles, and
/// whether an outside reporter — a citizen or an Open311 client, acting without a role — may),
/// and what must be true. Every move not in the table is refused with a named error.
/// </summary>
public static class EventLifecycle
{
    public sealed record Transition(EventStatus From, EventAction Action, EventStatus To, Role[] Roles, bool OutsideReporter, Func<EventFacts, RuleViolation?> Guard);

    private static readonly Role[] s_grid = [Role.GridWorker, Role.GridLeader];
    private static readonly Role[] s_gridAndCentre = [Role.GridWorker, Role.GridLeader, Role.Clerk];
    private static readonly Role[] s_verifiers = [Role.GridLeader, Role.Clerk, Role.Supervisor];
    private static readonly Role[] s_centre = [Role.Clerk, Role.Supervisor];
    private static readonly Role[] s_department = [Role.DepartmentHandler];
    private static readonly Role[] s_dismissers = [Role.GridLeader, Role.Clerk, Role.Supervisor];
    private static readonly Role[] s_reporters = [Role.HouseholdHead, Role.GridWorker, Role.GridLeader, Role.Clerk];

    private static RuleViolation? Always(EventFacts facts) => null;

    public static readonly IReadOnlyList<Transition> Table =
    [
        new(EventStatus.Reported, EventAction.HandleInGrid, EventStatus.HandledInGrid, s_grid, false, NeedsProofPhoto),
        new(EventStatus.Reported, EventAction.Escalate, EventStatus.Escalated, s_gridAndCentre, false, Always),
        new(EventStatus.Reported, EventAction.ConvertToCase, EventStatus.Converted, s_gridAndCentre, false, MustBeDispute),
        new(EventStatus.Reported, EventAction.Dismiss, EventStatus.Dismissed, s_dismissers, false, NeedsReason),
        new(EventStatus.HandledInGrid, EventAction.AcceptHandling, EventStatus.Closed, s_verifiers, false, Always),
        new(EventStatus.HandledInGrid, EventAction.RejectHandling, EventStatus.Reported, s_verifiers, false, NeedsReason),
        new(EventStatus.Escalated, EventAction.Dispatch, EventStatus.Dispatched, s_centre, false, NeedsDepartment),
        new(EventStatus.Escalated, EventAction.ConvertToCase, EventStatus.Converted, s_centre, false, MustBeDispute),
        new(EventStatus.Escalated, EventAction.Dismiss, EventStatus.Dismissed, s_centre, false, NeedsReason),
        new(EventStatus.Dispatched, EventAction.Reply, EventStatus.Replied, s_department, false, NeedsReplyText),
        new(EventStatus.Dispatched, EventAction.ReturnToCentre, EventStatus.Escalated, s_department, false, NeedsReason),
        new(EventStatus.Replied, EventAction.AcceptReply, EventStatus.Closed, s_centre, false, Always),
        new(EventStatus.Replied, EventAction.RejectReply, EventStatus.Dispatched, s_centre, false, NeedsReason),
        new(EventStatus.Closed, EventAction.Rate, EventStatus.Rated, s_reporters, true, MustBeReporterWithRating),
    ];

    /// <summary>The state the action leads to, or the rule that refuses it. A null role is an outside reporter.</summary>
    public static (EventStatus? To, RuleViolation? Refusal) Decide(EventStatus from, EventAction action, Role? role, EventFacts facts)
    {
        var rows = Table.Where(t => t.From == from && t.Action == action).ToList();
        if (rows.Count == 0)
        {
            return (null, new RuleViolation("action_not_allowed_in_state", $"事件当前状态为“{Label(from)}”，不能{Label(action)}。"));
        }

        var row = rows.FirstOrDefault(r => role is { } rr ? r.Roles.Contains(rr) : r.OutsideReporter);
        if (row is null)
        {
            var who = role is { } known ? Roles.Label(known) : "报告人";
            return (null, new RuleViolation("role_may_not",
                $"{who}不能{Label(action)}（可由{string.Join("、", rows.SelectMany(r => r.Roles).Distinct().Select(Roles.Label))}办理）。"));
        }

        var refusal = row.Guard(facts);
        return refusal is null ? (row.To, null) : (null, refusal);
    }

    /// <summary>Actions the role may attempt from this state (for buttons; guards still apply).</summary>
    public static IEnumerable<EventAction> Available(EventStatus from, Role role) =>
        Table.Where(t => t.From == from && t.Roles.Contains(role)).Select(t => t.Action).Distinct();

    /// <summary>No more moves except rating: closed, rated, converted or dismissed.</summary>
    public static bool IsEnded(EventStatus status) => status is EventStatus.Closed or EventStatus.Rated or EventStatus.Converted or EventStatus.Dismissed;

    public static string Label(EventStatus status) => status switch
    {
        EventStatus.Reported => "待处置",
        EventStatus.HandledInGrid => "已就地处置待核查",
        EventStatus.Escalated => "已上报待派遣",
        EventStatus.Dispatched => "已派遣待办理",
        EventStatus.Replied => "部门已反馈待核查",
        EventStatus.Closed => "已办结",
        EventStatus.Rated => "已评价",
        EventStatus.Converted => "已转为案件",
        EventStatus.Dismissed => "已作废",
        _ => status.ToString(),
    };

    public static string Label(EventAction action) => action switch
    {
        EventAction.HandleInGrid => "就地处置",
        EventAction.Escalate => "上报中心",
        EventAction.AcceptHandling => "核查通过（办结）",
        EventAction.RejectHandling => "核查不通过（退回网格）",
        EventAction.Dispatch => "派遣至部门",
        EventAction.ReturnToCentre => "退回中心",
        EventAction.Reply => "反馈办理结果",
        EventAction.AcceptReply => "核查通过（办结）",
        EventAction.RejectReply => "核查不通过（退回部门）",
        EventAction.Rate => "评价",
        EventAction.ConvertToCase => "转为纠纷案件",
        EventAction.Dismiss => "作废",
        _ => action.ToString(),
    };

    private static RuleViolation? NeedsReason(EventFacts facts) =>
        facts.HasReason ? null : new RuleViolation("reason_required", "请填写理由。");

    private static RuleViolation? NeedsProofPhoto(EventFacts facts) =>
        facts.HasProofPhoto ? null : new RuleViolation("proof_photo_required", "就地处置须上传处置后的照片。");

    private static RuleViolation? NeedsDepartment(EventFacts facts) =>
        facts.HasDepartment ? null : new RuleViolation("department_required", "请选择承办部门。");

    private static RuleViolation? NeedsReplyText(EventFacts facts) =>
        facts.HasReplyText ? null : new RuleViolation("reply_required", "请填写办理结果。");

    private static RuleViolation? MustBeDispute(EventFacts facts) =>
        facts.IsDispute ? null : new RuleViolation("not_a_dispute", "只有矛盾纠纷类事件可以转为纠纷案件。");

    private static RuleViolation? MustBeReporterWithRating(EventFacts facts) =>
        !facts.IsReporter ? new RuleViolation("not_the_reporter", "只有报告人可以评价。")
        : facts.HasRating ? null : new RuleViolation("rating_required", "请选择满意、基本满意或不满意。");
}
