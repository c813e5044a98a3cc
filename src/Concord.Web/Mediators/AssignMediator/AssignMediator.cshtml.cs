using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Mediators.AssignMediator;

/// <summary>
/// A case's mediators: suggestions with their reasons, assignment, 回避 and expert invitations
/// (the same handlers as the API). Served alone or, for an htmx request, without the layout so
/// that the case page can show it as a panel.
/// </summary>
[Authorize(Policy = MediatorsModule.StaffCasesPolicy)]
public sealed class AssignMediatorModel(AssignMediator.Handler handler, InviteExpert.InviteExpert.Handler experts, BrowseMediators.BrowseMediators.Handler browse) : ConcordPage
{
    public AssignMediator.Suggestions View { get; private set; } = null!;

    public IReadOnlyList<BrowseMediators.BrowseMediators.ExpertRow> Experts { get; private set; } = [];

    public bool AsPanel => Request.Headers.ContainsKey("HX-Request");

    [BindProperty]
    public long? MediatorId { get; set; }

    [BindProperty]
    public bool Primary { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long? ExpertId { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

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

    public Task<IActionResult> OnPostAssignAsync(string code, CancellationToken ct) =>
        ActAsync(code, () => handler.AssignAsync(code, new AssignMediator.AssignRequest(MediatorId, Primary), ct), "已指派调解员", ct);

    public Task<IActionResult> OnPostConflictAsync(string code, CancellationToken ct) =>
        ActAsync(code, () => handler.DeclareConflictAsync(code, new AssignMediator.ConflictRequest(MediatorId, Reason), ct), "已登记回避", ct);

    public Task<IActionResult> OnPostExpertAsync(string code, CancellationToken ct) =>
        ActAsync(code, () => experts.InviteAsync(code, new InviteExpert.InviteExpert.InviteRequest(ExpertId, Purpose), ct), "已邀请专家", ct);

    private Task<IActionResult> ActAsync(string code, Func<Task> act, string done, CancellationToken ct) =>
        ActAsync(act, done, $"/cases/{code}/mediators", () => LoadAsync(code, ct));

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        View = await handler.SuggestAsync(code, ct);
        Experts = await browse.ExpertsAsync(ct);
    }
}
