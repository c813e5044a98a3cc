using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Rankings.SetPopulation;

/// <summary>An administrator records a town's or village's resident population (audited); null = unknown.</summary>
public static class SetPopulation
{
    public sealed record Request(int? Population);

    /// <param name="Registered">Residents in the grid registry (for comparison).</param>
    public sealed record Row(string Code, string Name, RegionLevel Level, int? Population, int Registered, bool HasChildren);

    /// <summary>The place (the actor's own by default) and the towns or villages directly below it.</summary>
    public sealed record Listing(Row Place, IReadOnlyList<Row> Children, string? ParentCode);

    public sealed class Handler(ConcordDb db)
    {
        public const int Max = 10_000_000;

        private static readonly RegionLevel[] s_kept = [RegionLevel.Province, RegionLevel.City, RegionLevel.County, RegionLevel.Town, RegionLevel.Village];

        /// <summary>The page's list: <paramref name="place"/> (default: the top of the actor's scope) and its children down to villages.</summary>
        public async Task<Listing> ListAsync(string? place, CancellationToken ct)
        {
            var code = string.IsNullOrWhiteSpace(place) ? db.Actor.ScopeCode : place.Trim();
            var top = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new Shared.NotFoundException("该地区");
            var children = top.Level == RegionLevel.Village
                ? []
                : await db.Regions.AsNoTracking().Where(r => r.ParentCode == top.Code && s_kept.Contains(r.Level)).OrderBy(r => r.Code).ToListAsync(ct);
            var childCodes = children.Select(c => c.Code).ToList();
            var withChildren = await db.Regions.AsNoTracking()
                .Where(r => r.ParentCode != null && childCodes.Contains(r.ParentCode) && s_kept.Contains(r.Level))
                .Select(r => r.ParentCode!).Distinct().ToListAsync(ct);
            static Row ToRow(Regions.Region r, bool hasChildren) => new(r.Code, r.Name, r.Level, r.ResidentPopulation, r.Population, hasChildren);
            var parent = top.ParentCode is { } p && await db.Regions.AnyAsync(r => r.Code == p, ct) ? p : null;
            return new Listing(ToRow(top, children.Count > 0), [.. children.Select(c => ToRow(c, withChildren.Contains(c.Code)))], parent);
        }

        public async Task HandleAsync(string code, Request request, CancellationToken ct)
        {
            var region = await db.Regions.FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new Shared.NotFoundException("该地区");
            var errors = new Shared.FieldErrors();
            if (request.Population is < 0 or > Max)
            {
                errors.Add("population", $"人口数应在 0 到 {Max} 之间，未知请留空。");
            }

            if (!s_kept.Contains(region.Level))
            {
                errors.Add("population", "只记录县、乡镇（街道）和村（社区）的人口数。");
            }

            errors.ThrowIfAny();
            var old = region.ResidentPopulation;
            region.ResidentPopulation = request.Population;
            db.Audit("region.population_set", "Region", code, new { from = old, to = request.Population });
            await db.SaveChangesAsync(ct);
        }
    }
}
