using Concord.Domain.Identity;

namespace Concord.Domain.Cases;

/// <summary>What a user does to a case. Each is a row (or several) of the lifecycle table.</summary>
public enum CaseAction
{
    Accept,
    Route,
    AcceptAssignment,
    Return,
    RecordAgreement,
    RecordNoAgreement,
    Withdraw,
    ApplyJudicialConfirmation,
    RecordConfirmed,
    RecordRejectedAmend,
    RecordRejectedLitigate,
    SkipJudicialConfirmation,
    RecordPerformed,
    RecordNotPerformed,
    Close,
    Reopen,
}

/// <summary>A rule said no: a stable code for clients, a sentence for people.</summary>
public sealed record RuleViolation(string Code, string Message);

/// <summary>Facts about a case that the lifecycle's guards read; the caller gathers them.</summary>
public sealed record CaseFacts
{
    /// <summary>How many times receiving organisations have returned the case to the centre.</summary>
    public int ReturnCount { get; init; }

    public bool HasReason { get; init; }

    public bool AgreementComplete { get; init; }

    public IReadOnlyList<string> AgreementMissing { get; init; } = [];

    public bool HasNextRoute { get; init; }

    /// <summary>Days since the agreement took effect (for the 30-day judicial confirmation window).</summary>
    public int? DaysSinceAgreementEffective { get; init; }

    public IReadOnlyList<string> MissingCaseFileItems { get; init; } = [];

    public bool PartiesAskedToRate { get; init; }
}

/// <summary>
/// The case lifecycle as one table: state × action → state, who may do it, and what must be
/// true. Every move not in the table is refused with a named error; nothing silently does
/// nothing.
/// </summary>
public static class Lifecycle
{
    public const int ReturnsBeforeLeaderDecides = 2;
    public const int JudicialConfirmationWindowDays = 30;

    public sealed record Transition(CaseStatus From, CaseAction Action, CaseStatus To, Role[] Roles, Func<CaseFacts, Role, RuleViolation?> Guard);

    private static readonly Role[] s_centre = [Role.Clerk, Role.Supervisor];
    private static readonly Role[] s_handlers = [Role.Mediator, Role.DepartmentHandler];
    private static readonly Role[] s_mediation = [Role.Mediator, Role.Clerk, Role.Supervisor];

    private static RuleViolation? Always(CaseFacts facts, Role role) => null;

    public static readonly IReadOnlyList<Transition> Table =
    [
        new(CaseStatus.Registered, CaseAction.Accept, CaseStatus.Accepted, s_centre, Always),
        new(CaseStatus.Registered, CaseAction.Withdraw, CaseStatus.Withdrawn, s_centre, NeedsReason),
        new(CaseStatus.Accepted, CaseAction.Route, CaseStatus.Routed, s_centre, Always),
        new(CaseStatus.Accepted, CaseAction.Withdraw, CaseStatus.Withdrawn, s_centre, NeedsReason),
        new(CaseStatus.Returned, CaseAction.Route, CaseStatus.Routed, s_centre, LeaderDecidesAfterTwoReturns),
        new(CaseStatus.Returned, CaseAction.Withdraw, CaseStatus.Withdrawn, s_centre, NeedsReason),
        new(CaseStatus.Routed, CaseAction.AcceptAssignment, CaseStatus.Mediating, s_handlers, Always),
        new(CaseStatus.Routed, CaseAction.Return, CaseStatus.Returned, s_handlers, NeedsReason),
        new(CaseStatus.Mediating, CaseAction.RecordAgreement, CaseStatus.Agreed, s_mediation, AgreementMustBeComplete),
        new(CaseStatus.Mediating, CaseAction.RecordNoAgreement, CaseStatus.NoAgreement, s_mediation, NeedsNextRoute),
        new(CaseStatus.Mediating, CaseAction.Withdraw, CaseStatus.Withdrawn, s_mediation, NeedsReason),
        new(CaseStatus.Agreed, CaseAction.ApplyJudicialConfirmation, CaseStatus.JudicialConfirmation, s_mediation, WithinConfirmationWindow),
        new(CaseStatus.Agreed, CaseAction.SkipJudicialConfirmation, CaseStatus.FollowUp, s_mediation, Always),
        new(CaseStatus.JudicialConfirmation, CaseAction.RecordConfirmed, CaseStatus.FollowUp, s_mediation, Always),
        new(CaseStatus.JudicialConfirmation, CaseAction.RecordRejectedAmend, CaseStatus.Mediating, s_mediation, NeedsReason),
        new(CaseStatus.JudicialConfirmation, CaseAction.RecordRejectedLitigate, CaseStatus.NoAgreement, s_mediation, NeedsReason),
        new(CaseStatus.FollowUp, CaseAction.RecordPerformed, CaseStatus.AwaitingRating, s_mediation, Always),
        new(CaseStatus.FollowUp, CaseAction.RecordNotPerformed, CaseStatus.Mediating, s_mediation, NeedsReason),
        new(CaseStatus.AwaitingRating, CaseAction.Close, CaseStatus.Closed, s_mediation, CaseFileCompleteAndRated),
        new(CaseStatus.AwaitingRating, CaseAction.Reopen, CaseStatus.Mediating, [.. s_mediation], NeedsReason),
        new(CaseStatus.NoAgreement, CaseAction.Close, CaseStatus.Closed, s_mediation, CaseFileComplete),
        new(CaseStatus.Withdrawn, CaseAction.Close, CaseStatus.Closed, s_centre, Always),
        new(CaseStatus.Closed, CaseAction.Reopen, CaseStatus.Mediating, s_centre, NeedsReason),
    ];

    /// <summary>The state the action leads to, or the rule that refuses it.</summary>
    public static (CaseStatus? To, RuleViolation? Refusal) Decide(CaseStatus from, CaseAction action, Role role, CaseFacts facts)
    {
        var rows = Table.Where(t => t.From == from && t.Action == action).ToList();
        if (rows.Count == 0)
        {
            return (null, new RuleViolation("action_not_allowed_in_state",
                $"案件当前状态为“{CaseLabels.Of(from)}”，不能{Label(action)}。"));
        }

        var row = rows.FirstOrDefault(r => r.Roles.Contains(role));
        if (row is null)
        {
            return (null, new RuleViolation("role_may_not",
                $"{Roles.Label(role)}不能{Label(action)}（可由{string.Join("、", rows.SelectMany(r => r.Roles).Distinct().Select(Roles.Label))}办理）。"));
        }

        var refusal = row.Guard(facts, role);
        return refusal is null ? (row.To, null) : (null, refusal);
    }

    /// <summary>Actions the role may attempt from this state (for buttons; guards still apply).</summary>
    public static IEnumerable<CaseAction> Available(CaseStatus from, Role role) =>
        Table.Where(t => t.From == from && t.Roles.Contains(role)).Select(t => t.Action).Distinct();

    public static string Label(CaseAction action) => action switch
    {
        CaseAction.Accept => "受理",
        CaseAction.Route => "分流",
        CaseAction.AcceptAssignment => "接收",
        CaseAction.Return => "退回",
        CaseAction.RecordAgreement => "登记调解协议",
        CaseAction.RecordNoAgreement => "登记调解不成",
        CaseAction.Withdraw => "撤回",
        CaseAction.ApplyJudicialConfirmation => "申请司法确认",
        CaseAction.RecordConfirmed => "登记司法确认结果（确认有效）",
        CaseAction.RecordRejectedAmend => "登记司法确认被驳回并变更协议",
        CaseAction.RecordRejectedLitigate => "登记司法确认被驳回并转诉讼",
        CaseAction.SkipJudicialConfirmation => "不申请司法确认，进入回访",
        CaseAction.RecordPerformed => "登记回访（已履行）",
        CaseAction.RecordNotPerformed => "登记回访（未履行）",
        CaseAction.Close => "结案",
        CaseAction.Reopen => "重新办理",
        _ => action.ToString(),
    };

    private static RuleViolation? NeedsReason(CaseFacts facts, Role role) =>
        facts.HasReason ? null : new RuleViolation("reason_required", "请填写理由。");

    private static RuleViolation? LeaderDecidesAfterTwoReturns(CaseFacts facts, Role role) =>
        facts.ReturnCount >= ReturnsBeforeLeaderDecides && role != Role.Supervisor
            ? new RuleViolation("leader_must_decide", $"该案件已被退回 {facts.ReturnCount} 次，须由中心领导决定分流。")
            : null;

    private static RuleViolation? AgreementMustBeComplete(CaseFacts facts, Role role) =>
        facts.AgreementComplete ? null : new RuleViolation("agreement_incomplete",
            "调解协议不完整，缺少：" + string.Join("、", facts.AgreementMissing) + "。");

    private static RuleViolation? NeedsNextRoute(CaseFacts facts, Role role) =>
        facts.HasNextRoute ? null : new RuleViolation("next_route_required", "请选择后续途径（诉讼、仲裁或行政途径）。");

    private static RuleViolation? WithinConfirmationWindow(CaseFacts facts, Role role) =>
        facts.DaysSinceAgreementEffective is { } days && days <= JudicialConfirmationWindowDays
            ? null
            : new RuleViolation("confirmation_window_closed", $"司法确认须在调解协议生效之日起 {JudicialConfirmationWindowDays} 日内申请。");

    private static RuleViolation? CaseFileComplete(CaseFacts facts, Role role) =>
        facts.MissingCaseFileItems.Count == 0 ? null : new RuleViolation("case_file_incomplete",
            "卷宗不完整，缺少：" + string.Join("、", facts.MissingCaseFileItems) + "。");

    private static RuleViolation? CaseFileCompleteAndRated(CaseFacts facts, Role role) =>
        CaseFileComplete(facts, role)
        ?? (facts.PartiesAskedToRate ? null : new RuleViolation("rating_not_requested", "结案前须向当事人发出满意度评价。"));
}
