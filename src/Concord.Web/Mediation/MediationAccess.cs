using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediation;

/// <summary>
/// Who may work in a case's mediation workspace: the centre's clerks and supervisors, and the
/// mediators of the organisation leading the case. Records are written only while the case is
/// being mediated; reading them stays possible afterwards. Scope is the DbContext's business: a
/// case outside the actor's subtree is simply not found.
/// </summary>
public sealed class MediationAccess(ConcordDb db, TimeProvider clock)
{
    private static readonly Role[] s_roles = [Role.Clerk, Role.Mediator, Role.Supervisor];

    public static bool Serves(Actor actor) => actor.Role is { } r && s_roles.Contains(r);

    public async Task<Case> ForReadAsync(string code, CancellationToken ct)
    {
        if (!Serves(db.Actor))
        {
            throw new DomainException("role_may_not", "只有调解员、中心工作人员和督办人员可以查看调解记录。", 403);
        }

        return await db.Cases.FirstOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException("该案件");
    }

    public async Task<Case> ForWriteAsync(string code, CancellationToken ct)
    {
        var c = await ForReadAsync(code, ct);
        if (db.Actor.Role == Role.Mediator && db.Actor.OrgUnitId != c.LeadOrgUnitId)
        {
            throw new DomainException("not_the_handling_organisation", "只有承办单位的调解员可以记录本案的调解。", 403);
        }

        return c.Status == CaseStatus.Mediating
            ? c
            : throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，只有调解中的案件可以记录调解。", 409);
    }

    /// <summary>The timeline line of a mediation record; saved with the record in one SaveChangesAsync.</summary>
    public DateTime AddTimeline(Case c, string kind, string text)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = c.Id,
            RegionCode = c.RegionCode,
            At = now,
            Kind = kind,
            Text = text,
            ActorName = db.Actor.Name,
            ActorOrgName = db.Actor.OrgName,
        });
        return now;
    }
}
