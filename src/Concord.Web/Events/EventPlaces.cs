using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events;

/// <summary>The places a user may pick on event pages: the grids (and villages, towns) of their subtree.</summary>
public static class EventPlaces
{
    public sealed record Place(string Code, string Label, RegionLevel Level);

    /// <summary>Grids in scope with their village's name ("西苑居委会 第1网格"), at most <paramref name="max"/>.</summary>
    public static async Task<IReadOnlyList<Place>> GridsAsync(ConcordDb db, int max, CancellationToken ct)
    {
        var grids = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Grid).OrderBy(r => r.Code).Take(max)
            .Select(r => new { r.Code, r.Name, r.ParentCode }).ToListAsync(ct);
        var parents = grids.Select(g => g.ParentCode).OfType<string>().Distinct().ToList();
        var names = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => parents.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. grids.Select(g => new Place(g.Code, $"{(g.ParentCode is { } p ? names.GetValueOrDefault(p) : null)} {g.Name}".Trim(), RegionLevel.Grid))];
    }

    /// <summary>Filter choices: the towns and villages in scope (and grids when few), at most <paramref name="max"/>.</summary>
    public static async Task<IReadOnlyList<Place>> FilterChoicesAsync(ConcordDb db, int max, CancellationToken ct)
    {
        var rows = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Town || r.Level == RegionLevel.Village).OrderBy(r => r.Code).Take(max)
            .Select(r => new Place(r.Code, r.Name, r.Level)).ToListAsync(ct);
        if (rows.Count < 30)
        {
            rows.AddRange(await GridsAsync(db, max, ct));
        }

        return [.. rows.OrderBy(r => r.Code, StringComparer.Ordinal)];
    }
}
