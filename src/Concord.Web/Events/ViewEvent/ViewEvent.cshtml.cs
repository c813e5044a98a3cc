using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Events.ViewEvent;

/// <summary>The event page: details, photos, timeline, deadlines, possible duplicates, and the moves the user's role may make (the same handlers as the API).</summary>
[Authorize(Policy = nameof(Permission.EventsRead))]
public sealed class ViewEventModel(ViewEvent.Handler handler, MoveEvent.MoveEvent.Handler moves, ConvertToCase.ConvertToCase.Handler convert, FindDuplicates.FindDuplicates.Handler duplicates) : ConcordPage
{
    public ViewEvent.Details Event { get; private set; } = null!;

    public IReadOnlySet<string> Actions { get; private set; } = new HashSet<string>();

    public IReadOnlyList<MoveEvent.MoveEvent.DepartmentOption> Departments { get; private set; } = [];

    public IReadOnlyList<FindDuplicates.FindDuplicates.Match> Duplicates { get; private set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long? DepartmentOrgUnitId { get; set; }

    [BindProperty]
    public string? Rating { get; set; }

    [BindProperty]
    public string? ApplicantName { get; set; }

    [BindProperty]
    public string? ApplicantPhone { get; set; }

    [BindProperty]
    public string? RespondentName { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public bool Can(EventAction action) => Actions.Contains(action.ToString());

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

    public Task<IActionResult> OnPostHandleAsync(string code, CancellationToken ct) =>
        MoveAsync(code, async () => await moves.HandleInGridAsync(code, new MoveEvent.MoveEvent.HandleRequest(Note), await UploadsAsync(ct), ct), "已就地处置，待核查", ct);

    public Task<IActionResult> OnPostEscalateAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.EscalateAsync(code, new MoveEvent.MoveEvent.NoteRequest(Note), ct), "已上报中心", ct);

    public Task<IActionResult> OnPostAcceptHandlingAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.AcceptHandlingAsync(code, ct), "核查通过，事件已办结", ct);

    public Task<IActionResult> OnPostRejectHandlingAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.RejectHandlingAsync(code, new MoveEvent.MoveEvent.ReasonRequest(Reason), ct), "已退回网格", ct);

    public Task<IActionResult> OnPostDispatchAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.DispatchAsync(code, new MoveEvent.MoveEvent.DispatchRequest(DepartmentOrgUnitId, Note), ct), "已派遣", ct);

    public Task<IActionResult> OnPostReplyAsync(string code, CancellationToken ct) =>
        MoveAsync(code, async () => await moves.ReplyAsync(code, new MoveEvent.MoveEvent.ReplyRequest(Note), await UploadsAsync(ct), ct), "已反馈办理结果", ct);

    public Task<IActionResult> OnPostReturnAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.ReturnToCentreAsync(code, new MoveEvent.MoveEvent.ReasonRequest(Reason), ct), "已退回中心", ct);

    public Task<IActionResult> OnPostAcceptReplyAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.AcceptReplyAsync(code, ct), "核查通过，事件已办结", ct);

    public Task<IActionResult> OnPostRejectReplyAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.RejectReplyAsync(code, new MoveEvent.MoveEvent.ReasonRequest(Reason), ct), "已退回部门重新办理", ct);

    public Task<IActionResult> OnPostDismissAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.DismissAsync(code, new MoveEvent.MoveEvent.ReasonRequest(Reason), ct), "已作废", ct);

    public Task<IActionResult> OnPostRateAsync(string code, CancellationToken ct) =>
        MoveAsync(code, () => moves.RateAsync(code, new MoveEvent.MoveEvent.RateRequest(Rating, Note), ct), "感谢评价", ct);

    public async Task<IActionResult> OnPostConvertAsync(string code, CancellationToken ct)
    {
        string? caseCode = null;
        var parties = new List<Cases.RegisterCase.RegisterCase.PartyInput>();
        if (!string.IsNullOrWhiteSpace(ApplicantName))
        {
            parties.Add(new("applicant", "person", ApplicantName, null, ApplicantPhone));
        }

        if (!string.IsNullOrWhiteSpace(RespondentName))
        {
            parties.Add(new("respondent", "person", RespondentName, null, null));
        }

        var result = await ActAsync(async () => caseCode = (await convert.HandleAsync(code, new ConvertToCase.ConvertToCase.Request(parties, Summary), ct)).CaseCode,
            "已转为纠纷案件", $"/events/{code}", () => LoadAsync(code, ct));
        return caseCode is null ? result : Redirect($"/cases/{caseCode}");
    }

    private Task<IActionResult> MoveAsync(string code, Func<Task> move, string done, CancellationToken ct) =>
        ActAsync(move, done, $"/events/{code}", () => LoadAsync(code, ct));

    private async Task<List<PhotoUpload>> UploadsAsync(CancellationToken ct)
    {
        var list = new List<PhotoUpload>();
        foreach (var f in Photos.Where(f => f.Length > 0))
        {
            list.Add(await PhotoUpload.FromFormAsync(f, ct));
        }

        return list;
    }

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        Event = await handler.HandleAsync(code, ct);
        Actions = Event.Actions.Select(a => a.Action).ToHashSet(StringComparer.Ordinal);
        if (Can(EventAction.Dispatch))
        {
            Departments = await moves.DepartmentsAsync(code, ct);
        }

        // The dispatcher (and whoever verifies) sees possible duplicates of an open event.
        if (Actor.Can(Permission.EventsDispatch) || Actor.Role == Role.GridLeader)
        {
            Duplicates = await duplicates.OfEventAsync(code, ct);
        }
    }
}
