using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;

namespace Concord.Web.Events.DepartmentInbox;

/// <summary>部门待办: events dispatched to the handler's department — to handle, and recently answered.</summary>
[Authorize(Policy = nameof(Permission.EventsReply))]
public sealed class DepartmentInboxModel(ListEvents.ListEvents.Handler list) : ConcordPage
{
    public ListEvents.ListEvents.Page ToHandle { get; private set; } = new([], 0, 1, 50);

    public ListEvents.ListEvents.Page Answered { get; private set; } = new([], 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ToHandle = await list.HandleAsync(new ListEvents.ListEvents.Query("Dispatched", DepartmentOrgUnitId: Actor.OrgUnitId ?? -1, PageSize: 50), ct);
        Answered = await list.HandleAsync(new ListEvents.ListEvents.Query(null, DepartmentOrgUnitId: Actor.OrgUnitId ?? -1, PageSize: 20), ct);
    }
}
