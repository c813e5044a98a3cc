using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events;

/// <summary>
/// Finding an event for the actor. Scope is the DbContext's business (another subtree's event
/// does not exist); on top of it a department handler sees only the events dispatched to their
/// own department — the county scope of a department is for the work it is given, not for
/// browsing every grid's reports.
/// </summary>
public sealed class EventAccess(ConcordDb db)
{
    public IQueryable<GridEvent> Visible()
    {
        var actor = db.Actor;
        return actor.Role == Role.DepartmentHandler
            ? db.GridEvents.Where(e => e.DepartmentOrgUnitId == actor.OrgUnitId)
            : db.GridEvents;
    }

    public async Task<GridEvent> FindAsync(string code, CancellationToken ct) =>
        await Visible().FirstOrDefaultAsync(e => e.Code == code, ct) ?? throw new NotFoundException("该事件");
}
