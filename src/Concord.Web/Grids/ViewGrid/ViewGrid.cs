using Concord.Domain.Cases;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Grids.ViewGrid;

/// <summary>
/// A grid's page (网格): its 十联户 and households (paged, personal data masked by role), its
/// members now and their history, and its open cases. Open events are the events module's part.
/// </summary>
public static class ViewGrid
{
    public sealed record MemberRow(long AssignmentId, long MemberId, string Name, string Post, string PostLabel, string RegionCode, string RegionName,
        DateOnly From, DateOnly? To, string AssignedBy, string? EndedBy, string? EndReason, string? Phone, bool HasLogin);

    public sealed record UnitRow(string Code, string Name, int Households, string? HouseholdHead);

    public sealed record CaseRow(string Code, string Summary, string Status, string StatusLabel, string RiskLevel, string RiskLabel, DateTime RegisteredAt);

    public sealed record View(string Code, string Name, string VillageCode, string FullName, IReadOnlyList<UnitRow> Units,
        Paged<Registry.Households.HouseholdRegistry.Row> Households, IReadOnlyList<MemberRow> Current, IReadOnlyList<MemberRow> History,
        IReadOnlyList<CaseRow> OpenCases);

    private static readonly CaseStatus[] s_finished = [CaseStatus.Closed, CaseStatus.Withdrawn];

    public sealed class Handler(RegistryContext registry, Registry.Households.HouseholdRegistry.Handler households)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<View> HandleAsync(string code, int? page, CancellationToken ct = default)
        {
            var grid = await Db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code && r.Level == RegionLevel.Grid, ct)
                ?? throw new NotFoundException("该网格");
            var units = await Db.Regions.AsNoTracking().Where(r => r.ParentCode == code).OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
            var counts = await Db.Households.AsNoTracking().Where(h => h.RegionCode.StartsWith(code)).GroupBy(h => h.RegionCode)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var members = await MembersAsync(code, ct);
            var current = members.Where(m => m.To is null).OrderBy(m => m.Post).ThenBy(m => m.RegionCode).ToList();
            var history = members.Where(m => m.To is not null).OrderByDescending(m => m.To).ThenByDescending(m => m.AssignmentId).ToList();
            var heads = current.Where(m => m.Post == nameof(GridPost.HouseholdHead)).ToDictionary(m => m.RegionCode, m => m.Name);
            var cases = await Db.Cases.AsNoTracking().Where(c => c.GridCode == code && !s_finished.Contains(c.Status))
                .OrderByDescending(c => c.Id).Take(50)
                .Select(c => new { c.Code, c.Summary, c.Status, c.RiskLevel, c.RegisteredAt }).ToListAsync(ct);
            return new View(
                grid.Code, grid.Name, grid.ParentCode!, await registry.NameAsync(grid.Code, ct),
                [.. units.Select(u => new UnitRow(u.Code, u.Name, counts.GetValueOrDefault(u.Code), heads.GetValueOrDefault(u.Code)))],
                await households.ListAsync(null, code, page, 20, ct),
                current, history,
                [.. cases.Select(c => new CaseRow(c.Code, c.Summary, c.Status.ToString(), CaseLabels.Of(c.Status), c.RiskLevel.ToString(), CaseLabels.Of(c.RiskLevel), c.RegisteredAt))]);
        }

        public async Task<IReadOnlyList<MemberRow>> MembersAsync(string gridCode, CancellationToken ct = default)
        {
            if (!await Db.Regions.AnyAsync(r => r.Code == gridCode && r.Level == RegionLevel.Grid, ct))
            {
                throw new NotFoundException("该网格");
            }

            var assignments = await Db.GridAssignments.AsNoTracking().Where(a => a.RegionCode.StartsWith(gridCode)).OrderBy(a => a.Id).ToListAsync(ct);
            var memberIds = assignments.Select(a => a.MemberId).Distinct().ToList();
            var people = await Db.GridMembers.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            var names = await registry.NamesAsync(assignments.Select(a => a.RegionCode), ct);
            return [.. assignments.Select(a =>
            {
                var person = people.GetValueOrDefault(a.MemberId);
                return new MemberRow(a.Id, a.MemberId, a.MemberName, a.Post.ToString(), GridPosts.Label(a.Post), a.RegionCode, names[a.RegionCode],
                    a.From, a.To, a.AssignedByName, a.EndedByName, a.EndReason, person is null ? null : registry.Show(person.Phone), person?.UserId is not null);
            })];
        }
    }
}
