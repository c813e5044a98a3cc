using Concord.Domain.Cases;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediators.BrowseMediators;

/// <summary>调解员名册 of the user's subtree (with each mediator's open cases), and the expert pool that serves it.</summary>
public static class BrowseMediators
{
    public sealed record Query(long? OrgUnitId, string? CategoryCode, bool? Gold);

    public sealed record MediatorRow(long Id, string Name, string Kind, long OrgUnitId, string OrgName, IReadOnlyList<string> Categories, string? Dialects, bool Gold, bool Active, bool HasLogin, int OpenCases);

    public sealed record OrgOption(long Id, string Name);

    public sealed record Registry(IReadOnlyList<MediatorRow> Items, int Total, IReadOnlyList<OrgOption> OrgUnits);

    public sealed record ExpertRow(long Id, string Name, string Kind, string? Specialty, string? Organisation);

    public sealed class Handler(ConcordDb db, CaseMediation mediation)
    {
        public async Task<Registry> ListAsync(Query query, CancellationToken ct = default)
        {
            var mediators = await db.Mediators.AsNoTracking().OrderBy(m => m.RegionCode).ThenBy(m => m.OrgUnitId).ThenBy(m => m.Id).ToListAsync(ct);
            var orgIds = mediators.Select(m => m.OrgUnitId).Distinct().ToList();
            var orgs = await db.OrgUnits.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var filtered = mediators
                .Where(m => query.OrgUnitId is null || m.OrgUnitId == query.OrgUnitId)
                .Where(m => string.IsNullOrEmpty(query.CategoryCode) || m.Handles(query.CategoryCode))
                .Where(m => query.Gold is not true || m.Gold)
                .ToList();
            var open = await mediation.OpenCasesAsync([.. filtered.Select(m => m.Id)], ct);
            var rows = filtered.Select(m => new MediatorRow(m.Id, m.Name, Mediator.KindLabel(m.Kind), m.OrgUnitId, orgs.GetValueOrDefault(m.OrgUnitId, ""),
                [.. m.Categories.Select(Categories.NameOf)], m.Dialects, m.Gold, m.Active, m.UserId is not null, open.GetValueOrDefault(m.Id))).ToList();
            return new Registry(rows, rows.Count, [.. orgIds.Where(orgs.ContainsKey).Select(id => new OrgOption(id, orgs[id]))]);
        }

        public async Task<IReadOnlyList<ExpertRow>> ExpertsAsync(CancellationToken ct = default)
        {
            // The pool serves the places below it: a town's users see the county's experts too.
            var scope = db.Actor.ScopeCode ?? "";
            List<string> lineage = scope.Length == 0 ? [] : [.. RegionCode.Lineage(scope)];
            var (low, high) = (db.Actor.ScopeLow, db.Actor.ScopeHigh);
            var experts = await db.Experts.IgnoreQueryFilters().AsNoTracking()
                .Where(e => lineage.Contains(e.RegionCode) || (string.Compare(e.RegionCode, low) >= 0 && string.Compare(e.RegionCode, high) < 0))
                .OrderBy(e => e.Id).ToListAsync(ct);
            return [.. experts.OrderBy(e => e.Kind).Select(e => new ExpertRow(e.Id, e.Name, Expert.KindLabel(e.Kind), e.Specialty, e.Organisation))];
        }
    }
}
