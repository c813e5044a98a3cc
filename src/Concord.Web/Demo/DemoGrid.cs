using Concord.Domain.Regions;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Grids (网格, 30–50 households) and 十联户 (10–20 households) for every village of a county,
/// deterministic for a given seed. Each grid gets a 网格工作站 org unit for its workers.
/// </summary>
public static class DemoGrid
{
    public static async Task<int> BuildAsync(ConcordDb db, string countyCode, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var villages = await db.Regions.IgnoreQueryFilters()
            .Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(countyCode))
            .OrderBy(r => r.Code).ToListAsync(ct);
        var grids = 0;
        foreach (var village in villages)
        {
            var gridCount = random.Next(3, 9);
            for (var g = 1; g <= gridCount; g++)
            {
                var gridCode = RegionCode.Grid(village.Code, g);
                var households = random.Next(30, 51);
                db.Regions.Add(new Region { Code = gridCode, Name = $"第{g}网格", Level = RegionLevel.Grid, ParentCode = village.Code, Population = households * 3 });
                db.OrgUnits.Add(CountySetup.Unit(gridCode, "WGZ", $"{CountySetup.ShortVillageName(village.Name)}第{g}网格工作站", OrgUnitKind.GridStation));
                var unit = 1;
                for (var left = households; left > 0; unit++)
                {
                    var size = left <= 20 ? left : Math.Min(random.Next(10, 21), left - 10);
                    db.Regions.Add(new Region { Code = RegionCode.HouseholdUnit(gridCode, unit), Name = $"第{unit}十联户", Level = RegionLevel.HouseholdUnit, ParentCode = gridCode, Population = size * 3 });
                    left -= size;
                }

                grids++;
            }

            village.Population = 0;
        }

        db.Audit("demo.grids_built", "Region", countyCode, new { grids });
        await db.SaveChangesAsync(ct);
        return grids;
    }
}
