using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;

namespace Concord.Web.Events.DispatchConsole;

/// <summary>派遣台: the centre's console — escalated events to dispatch, replies and in-grid handling to verify, and what is overdue.</summary>
[Authorize(Policy = nameof(Permission.EventsDispatch))]
public sealed class DispatchConsoleModel(ListEvents.ListEvents.Handler list) : ConcordPage
{
    public ListEvents.ListEvents.Page ToDispatch { get; private set; } = new([], 0, 1, 50);

    public ListEvents.ListEvents.Page Replied { get; private set; } = new([], 0, 1, 50);

    public ListEvents.ListEvents.Page HandledInGrid { get; private set; } = new([], 0, 1, 50);

    public ListEvents.ListEvents.Page Overdue { get; private set; } = new([], 0, 1, 50);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ToDispatch = await list.HandleAsync(new ListEvents.ListEvents.Query("Escalated", PageSize: 50), ct);
        Replied = await list.HandleAsync(new ListEvents.ListEvents.Query("Replied", PageSize: 50), ct);
        HandledInGrid = await list.HandleAsync(new ListEvents.ListEvents.Query("HandledInGrid", PageSize: 50), ct);
        Overdue = await list.HandleAsync(new ListEvents.ListEvents.Query(ListEvents.ListEvents.Open, Overdue: true, PageSize: 50), ct);
    }
}
