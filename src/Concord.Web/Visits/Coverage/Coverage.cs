using Concord.Domain.Regions;
using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.Coverage;

/// <summary>
/// 走访覆盖: for a place of the subtree, how many of its households somebody visited within the
/// last N days, the rate for each place one level down (a village's grids, a town's villages …),
/// and the households nobody visited, paged. Counting reads <c>household_visit_states</c>
/// (latest visit per household, indexed by region and time) and <c>households</c> by region —
/// two range scans, never a scan of the visits.
/// </summary>
public static class Coverage
{
    public const int DefaultDays = 30;

    public sealed record Query(string? Region, int? Days, int Page = 1, int PageSize = 20);

    public sealed record Part(string Code, string Name, int Households, int Visited, int NotVisited, double Rate);

    public sealed record HouseholdRow(long Id, string RegionCode, string? UnitName, string Address, string? Head, bool Key, DateTime? LastVisitedAt, int? DaysSince);

    public sealed record Crumb(string Code, string Name);

    public sealed record Result(
        string RegionCode,
        string RegionName,
        int Days,
        DateTime Cutoff,
        int Households,
        int Visited,
        int NotVisited,
        double Rate,
        IReadOnlyList<Part> Parts,
        IReadOnlyList<HouseholdRow> NotVisitedHouseholds,
        int Page,
        int PageSize,
        IReadOnlyList<Crumb> Trail);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var days = query.Days ?? DefaultDays;
            if (days is < 1 or > 366)
            {
                errors.Add("days", "天数须在 1 到 366 之间。");
            }

            if (query.PageSize is < 1 or > 200)
            {
                errors.Add("pageSize", "每页条数须在 1 到 200 之间。");
            }

            if (query.Page < 1)
            {
                errors.Add("page", "页码从 1 开始。");
            }

            var code = await VisitPlaces.FindAsync(db, string.IsNullOrWhiteSpace(query.Region) ? db.Actor.ScopeCode : query.Region, errors, "region", ct);
            errors.ThrowIfAny();
            if (code is null)
            {
                throw new NotFoundException("该区域");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var cutoff = now.AddDays(-days);
            var high = RegionCode.UpperBound(code);
            var level = RegionCode.LevelOf(code);
            var households = db.Households.AsNoTracking().Where(h => string.Compare(h.RegionCode, code) >= 0 && string.Compare(h.RegionCode, high) < 0);
            var visited = db.HouseholdVisitStates.AsNoTracking()
                .Where(s => string.Compare(s.RegionCode, code) >= 0 && string.Compare(s.RegionCode, high) < 0 && s.LastVisitedAt > cutoff);

            List<Part> parts = [];
            int total, covered;
            if (level < RegionLevel.HouseholdUnit)
            {
                var childLength = RegionCode.LengthOf(level + 1);
                var totals = await households.GroupBy(h => h.RegionCode.Substring(0, childLength)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
                var visits = await visited.GroupBy(s => s.RegionCode.Substring(0, childLength)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
                var names = await db.Regions.AsNoTracking().Where(r => r.ParentCode == code).Select(r => new { r.Code, r.Name }).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
                parts = [.. names.Keys.Union(totals.Keys).Order(StringComparer.Ordinal).Select(c =>
                {
                    var n = totals.GetValueOrDefault(c);
                    var v = Math.Min(n, visits.GetValueOrDefault(c));
                    return new Part(c, names.GetValueOrDefault(c, c), n, v, n - v, VisitPolicy.CoverageRate(n, v));
                })];
                total = parts.Sum(p => p.Households);
                covered = parts.Sum(p => p.Visited);
            }
            else
            {
                total = await households.CountAsync(ct);
                covered = Math.Min(total, await visited.CountAsync(ct));
            }

            var rows = await (
                from h in households
                join s in db.HouseholdVisitStates on h.Id equals s.HouseholdId into states
                from s in states.DefaultIfEmpty()
                where s == null || s.LastVisitedAt == null || s.LastVisitedAt <= cutoff
                orderby h.RegionCode, h.Id
                select new
                {
                    h.Id,
                    h.RegionCode,
                    h.Address,
                    Head = db.Residents.Where(r => r.HouseholdId == h.Id).OrderBy(r => r.Id).Select(r => r.Name).FirstOrDefault(),
                    Key = s != null && s.Key,
                    Last = s == null ? null : s.LastVisitedAt,
                })
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
            var unitCodes = rows.Select(r => r.RegionCode).Distinct().ToList();
            var unitNames = await db.Regions.AsNoTracking().Where(r => unitCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            var full = HouseholdDisplay.ShowsInFull(db.Actor);
            var trail = await TrailAsync(code, ct);
            return new Result(code, trail[^1].Name, days, cutoff, total, covered, total - covered, VisitPolicy.CoverageRate(total, covered), parts,
                [.. rows.Select(r => new HouseholdRow(r.Id, r.RegionCode, unitNames.GetValueOrDefault(r.RegionCode), HouseholdDisplay.Address(r.Address, full),
                    HouseholdDisplay.Head(r.Head, full), r.Key, r.Last, r.Last is { } last ? (int)Math.Floor((now - last).TotalDays) : null))],
                query.Page, query.PageSize, trail);
        }

        /// <summary>The place and its ancestors the actor may open, top first (for the drill-down breadcrumbs).</summary>
        private async Task<List<Crumb>> TrailAsync(string code, CancellationToken ct)
        {
            var lineage = RegionCode.Lineage(code).ToList();
            var names = await db.Regions.AsNoTracking().Where(r => lineage.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            return [.. lineage.Where(names.ContainsKey).Select(c => new Crumb(c, names[c]))];
        }
    }
}
