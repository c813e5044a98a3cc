using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Routing.RouteCase;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Cases.ViewCase;

/// <summary>The case page, and the moves the user may make on it (the same handlers as the API).</summary>
[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class ViewCaseModel(ViewCase.Handler handler, MoveCase.MoveCase.Handler moves, RouteCase.Handler routing, Closing.CloseCase.Handler closing,
    Confirmation.ConfirmCase.Handler confirmation, Deadlines.ChangeDeadline.ChangeDeadline.Handler deadlines) : ConcordPage
{
    public ViewCase.Details Case { get; private set; } = null!;

    public IReadOnlyList<CaseAction> Actions { get; private set; } = [];

    public RouteCase.Proposal? Routing { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long? OrgUnitId { get; set; }

    [BindProperty]
    public List<long> AssistingOrgUnitIds { get; set; } = [];

    [BindProperty]
    public string? OverrideReason { get; set; }

    [BindProperty]
    public DateOnly? PerformanceDeadline { get; set; }

    [BindProperty]
    public bool? Performed { get; set; }

    [BindProperty]
    public string? Item { get; set; }

    [BindProperty]
    public string? Court { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Stage { get; set; }

    [BindProperty]
    public int? Days { get; set; }

    [BindProperty]
    public bool BothPartiesConsent { get; set; }

    public Confirmation.ConfirmCase.Status? Confirmation { get; private set; }

    public IReadOnlyList<Closing.CloseCase.CaseFileItemView> CaseFile { get; private set; } = [];

    public IReadOnlyList<Closing.CloseCase.RatingLink> RatingLinks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            await LoadAsync(code, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostAcceptAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.AcceptAsync(code, ct), "已受理", ct);

    public Task<IActionResult> OnPostWithdrawAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.WithdrawAsync(code, Reason, ct), "已撤回", ct);

    public Task<IActionResult> OnPostRouteAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => routing.RouteAsync(code, new RouteCase.RouteRequest(OrgUnitId, AssistingOrgUnitIds, OverrideReason), ct), "已分流", ct);

    public Task<IActionResult> OnPostAcceptAssignmentAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => routing.AcceptAssignmentAsync(code, ct), "已接收，开始调解", ct);

    public Task<IActionResult> OnPostReturnAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => routing.ReturnAsync(code, Reason, ct), "已退回中心", ct);

    public Task<IActionResult> OnPostScheduleFollowUpAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => closing.ScheduleFollowUpAsync(code, PerformanceDeadline, ct), "已安排回访", ct);

    public Task<IActionResult> OnPostFollowUpAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => closing.RecordFollowUpAsync(code, new Closing.CloseCase.FollowUpRequest(Performed, Reason, null), ct), "已登记回访", ct);

    public Task<IActionResult> OnPostFileItemAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => closing.AddCaseFileItemAsync(code, Item, null, ct), "已归档", ct);

    public Task<IActionResult> OnPostReopenAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.ReopenAsync(code, Reason, ct), "已重新办理", ct);

    public Task<IActionResult> OnPostApplyConfirmationAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => confirmation.ApplyAsync(code, new Confirmation.ConfirmCase.ApplyRequest(Court), ct), "已申请司法确认", ct);

    public Task<IActionResult> OnPostConfirmationAcceptedAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => confirmation.RecordAcceptanceAsync(code, ct), "已登记法院受理", ct);

    public Task<IActionResult> OnPostConfirmationOutcomeAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => confirmation.RecordOutcomeAsync(code, new Confirmation.ConfirmCase.OutcomeRequest(Outcome, Reason, PerformanceDeadline), ct), "已登记司法确认结果", ct);

    public Task<IActionResult> OnPostPauseAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => deadlines.PauseAsync(code, Stage ?? "mediation", new Deadlines.ChangeDeadline.ChangeDeadline.PauseRequest(Reason), ct), "已暂停计时", ct);

    public Task<IActionResult> OnPostResumeAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => deadlines.ResumeAsync(code, Stage ?? "mediation", new Deadlines.ChangeDeadline.ChangeDeadline.ResumeRequest(Reason), ct), "已恢复计时", ct);

    public Task<IActionResult> OnPostExtendAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => deadlines.ExtendAsync(code, Stage ?? "mediation", new Deadlines.ChangeDeadline.ChangeDeadline.ExtendRequest(Days, BothPartiesConsent, Reason), ct), "已延长调解期限", ct);

    public Task<IActionResult> OnPostCloseAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => closing.CloseAsync(code, ct), "已结案", ct);

    private Task<IActionResult> MoveAsync(string code, Func<Task> move, string done, CancellationToken ct) =>
        ActAsync(move, done, $"/cases/{code}", () => LoadAsync(code, ct));

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        Case = await handler.HandleAsync(code, ct);
        var status = Enum.Parse<CaseStatus>(Case.Status);
        Actions = Actor.Role is { } role ? [.. Lifecycle.Available(status, role)] : [];
        if (status is CaseStatus.Agreed or CaseStatus.JudicialConfirmation)
        {
            Confirmation = await confirmation.StatusAsync(code, ct);
        }

        if (status is CaseStatus.AwaitingRating or CaseStatus.NoAgreement or CaseStatus.Withdrawn or CaseStatus.FollowUp or CaseStatus.Closed)
        {
            CaseFile = await closing.CaseFileAsync(code, ct);
            RatingLinks = await closing.RatingLinksAsync(code, ct);
        }

        if (Actions.Contains(CaseAction.Route))
        {
            Routing = await routing.ProposeAsync(code, ct);
            OrgUnitId ??= Routing.OrgUnit?.Id;
        }
    }
}
