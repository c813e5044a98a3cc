using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Web.Cases;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediators;

/// <summary>
/// What the mediator use cases share: loading the case in scope, who may act on it, which
/// organisations' mediators may serve it, and writing the timeline line with its audit entry.
/// </summary>
public sealed class CaseMediation(ConcordDb db, TimeProvider clock)
{
    /// <summary>Statuses in which a case's mediators and experts may change: routed to, or being mediated by, an organisation.</summary>
    public static readonly CaseStatus[] StaffingStates = [CaseStatus.Routed, CaseStatus.Mediating];

    /// <summary>Statuses in which a case no longer occupies a mediator.</summary>
    public static readonly CaseStatus[] FinishedStates = [CaseStatus.Closed, CaseStatus.Withdrawn, CaseStatus.NoAgreement];

    public static readonly Role[] StaffingRoles = [Role.Clerk, Role.Supervisor, Role.Mediator];

    public ConcordDb Db => db;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Case> LoadAsync(string code, CancellationToken ct) =>
        await db.Cases.FirstOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException("该案件");

    public static void CaseMustBeRoutedOrMediating(Case c)
    {
        if (!StaffingStates.Contains(c.Status))
        {
            throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，只有已分流或调解中的案件可以安排调解员和专家。", 409);
        }
    }

    /// <summary>Centre clerks and leaders staff any case they see; a mediator only the cases of their own organisation.</summary>
    public void ActorMayStaff(Case c, Mediator? self = null)
    {
        if (db.Actor.Role is not { } role || !StaffingRoles.Contains(role))
        {
            throw new DomainException("role_may_not", "当前账号不能安排调解员或专家。", 403);
        }

        if (role == Role.Mediator && db.Actor.OrgUnitId != c.LeadOrgUnitId && (self is null || self.UserId != db.Actor.UserId))
        {
            throw new DomainException("not_the_lead_organisation", "只有承办单位的调解员可以为本案安排调解员或专家。", 403);
        }
    }

    /// <summary>
    /// The organisations whose mediators may serve the case: the lead organisation once routed,
    /// else the mediation committees of the case's village, town and county.
    /// </summary>
    public async Task<List<OrgUnit>> ServingOrgUnitsAsync(Case c, CancellationToken ct)
    {
        // Committees sit at or above the case's place, outside a town clerk's own subtree; their
        // names are public, and only these are read.
        var units = db.OrgUnits.IgnoreQueryFilters().AsNoTracking();
        if (c.LeadOrgUnitId is { } lead)
        {
            return await units.Where(o => o.Id == lead).ToListAsync(ct);
        }

        var lineage = RegionCode.Lineage(c.VillageCode).Where(code => code.Length >= 6).ToList();
        return await units.Where(o => lineage.Contains(o.RegionCode) && (o.Kind == OrgUnitKind.MediationCommittee || o.Kind == OrgUnitKind.IndustryCommittee))
            .OrderByDescending(o => o.RegionCode).ThenBy(o => o.Code).ToListAsync(ct);
    }

    /// <summary>Mediators of the given organisations, read across scope (see <see cref="ServingOrgUnitsAsync"/>).</summary>
    public Task<List<Mediator>> MediatorsOfAsync(IEnumerable<long> orgUnitIds, CancellationToken ct)
    {
        var ids = orgUnitIds.ToList();
        return db.Mediators.IgnoreQueryFilters().Where(m => ids.Contains(m.OrgUnitId) && m.Active).OrderBy(m => m.Id).ToListAsync(ct);
    }

    /// <summary>A mediator who may serve the case, or a field error.</summary>
    public async Task<Mediator> ServingMediatorAsync(Case c, long? mediatorId, CancellationToken ct)
    {
        var units = await ServingOrgUnitsAsync(c, ct);
        var mediator = mediatorId is { } id ? (await MediatorsOfAsync(units.Select(u => u.Id), ct)).FirstOrDefault(m => m.Id == id) : null;
        if (mediator is null)
        {
            var errors = new FieldErrors();
            errors.Add("mediatorId", "请选择调解员（须为本案承办单位或本地调解组织的在册调解员）。");
            errors.ThrowIfAny();
        }

        return mediator!;
    }

    /// <summary>Open cases per mediator (workload), across every place: a count reveals no case.</summary>
    public async Task<Dictionary<long, int>> OpenCasesAsync(IReadOnlyCollection<long> mediatorIds, CancellationToken ct)
    {
        var ids = mediatorIds.ToList();
        var rows = await db.CaseMediators.IgnoreQueryFilters()
            .Where(a => ids.Contains(a.MediatorId))
            .Join(db.Cases.IgnoreQueryFilters(), a => a.CaseId, c => c.Id, (a, c) => new { a.MediatorId, c.Status })
            .Where(x => !FinishedStates.Contains(x.Status))
            .GroupBy(x => x.MediatorId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.Count);
    }

    /// <summary>Adds the timeline line and the audit entry, then saves everything in one transaction.</summary>
    public async Task RecordAsync(Case c, string kind, string text, string action, object details, CancellationToken ct)
    {
        var now = Now;
        c.UpdatedAt = now;
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
        db.Audit(action, "Case", c.Code, details);
        await db.SaveChangesAsync(ct);
    }
}
