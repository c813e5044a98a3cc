using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Plausible resident populations for the demo county's villages (1,500–8,000, from a hash of
/// the code, so the same on every run) and towns and the county (the sum of their villages).
/// </summary>
public static class DemoPopulation
{
    public static int VillagePopulation(string code)
    {
        uint hash = 2166136261;
        foreach (var ch in code)
        {
            hash = (hash ^ ch) * 16777619;
        }

        return 1500 + (int)(hash % 6501);
    }

    public static async Task<int> SeedAsync(ConcordDb db, string countyCode, CancellationToken ct)
    {
        var places = await db.Regions.IgnoreQueryFilters()
            .Where(r => r.Code.StartsWith(countyCode) && (r.Level == RegionLevel.County || r.Level == RegionLevel.Town || r.Level == RegionLevel.Village))
            .ToListAsync(ct);
        var villages = places.Where(p => p.Level == RegionLevel.Village).ToList();
        foreach (var village in villages)
        {
            village.ResidentPopulation = VillagePopulation(village.Code);
        }

        foreach (var place in places.Where(p => p.Level != RegionLevel.Village))
        {
            place.ResidentPopulation = villages.Where(v => v.Code.StartsWith(place.Code, StringComparison.Ordinal)).Sum(v => v.ResidentPopulation ?? 0);
        }

        db.Audit("demo.population_seeded", "Region", countyCode, new { places = places.Count });
        await db.SaveChangesAsync(ct);
        return places.Count;
    }
}
