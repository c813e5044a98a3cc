using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Routing.RouteCase;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Cases.ViewCase;

/// <summary>The case page, and the moves the user may make on it (the same handlers as the API).</summary>
[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class ViewCaseModel(ViewCase.Handler handler, MoveCase.MoveCase.Handler moves, RouteCase.Handler routing, Closing.CloseCase.Handler closing) : ConcordPage
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

    public Task<IActionResult> OnPostCloseAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => closing.CloseAsync(code, ct), "已结案", ct);

    private Task<IActionResult> MoveAsync(string code, Func<Task> move, string done, CancellationToken ct) =>
        ActAsync(move, done, $"/cases/{code}", () => LoadAsync(code, ct));

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        Case = await handler.HandleAsync(code, ct);
        var status = Enum.Parse<CaseStatus>(Case.Status);
        Actions = Actor.Role is { } role ? [.. Lifecycle.Available(status, role)] : [];
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
