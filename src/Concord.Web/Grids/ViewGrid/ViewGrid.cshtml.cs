using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using EventList = Concord.Web.Events.ListEvents.ListEvents;

namespace Concord.Web.Grids.ViewGrid;

/// <summary>
/// The grid page, and (for 网格长 and clerks) registering, assigning and relieving its members with
/// the API's handler. Its open events come from the events module's list handler (the same as
/// <c>GET /api/events?status=open&amp;region=…</c>).
/// </summary>
[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ViewGridModel(ViewGrid.Handler handler, AssignMember.AssignMember.Handler members, EventList.Handler events) : ConcordPage
{
    /// <summary>Open events shown on the grid page; the rest are one click away in the event list.</summary>
    public const int EventsShown = 20;

    /// <summary>The grid's open events (newest first); null when the user may not read events.</summary>
    public sealed record GridEvents(string GridCode, EventList.Page? Events);

    public ViewGrid.View View { get; private set; } = null!;

    public GridEvents OpenEvents { get; private set; } = null!;

    public bool CanManage => Actor.Can(Permission.GridMembersManage);

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    [BindProperty]
    public AssignMember.AssignMember.RegisterRequest Register { get; set; } = new(null, null, null, null, null, null);

    [BindProperty]
    public long? MemberId { get; set; }

    [BindProperty]
    public AssignMember.AssignMember.AssignRequest Assign { get; set; } = new(null, null, null);

    [BindProperty]
    public long? AssignmentId { get; set; }

    [BindProperty]
    public AssignMember.AssignMember.EndRequest End { get; set; } = new(null, null);

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

    public Task<IActionResult> OnPostRegisterAsync(string code, CancellationToken ct) =>
        ManageAsync(code, () => members.RegisterAsync(Register, ct), "已登记并任命", ct);

    public Task<IActionResult> OnPostAssignAsync(string code, CancellationToken ct) =>
        ManageAsync(code, () => members.AssignAsync(MemberId ?? 0, Assign, ct), "已调整任职", ct);

    public Task<IActionResult> OnPostEndAsync(string code, CancellationToken ct) =>
        ManageAsync(code, () => members.EndAsync(AssignmentId ?? 0, End, ct), "已免去该任职", ct);

    private async Task<IActionResult> ManageAsync(string code, Func<Task> action, string done, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        return await ActAsync(action, done, $"/grids/{code}", () => LoadAsync(code, ct));
    }

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        View = await handler.HandleAsync(code, PageNumber, ct);
        var open = Actor.Can(Permission.EventsRead)
            ? await events.HandleAsync(new EventList.Query(Status: EventList.Open, Region: code, PageSize: EventsShown), ct)
            : null;
        OpenEvents = new GridEvents(code, open);
    }
}
