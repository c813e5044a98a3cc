using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Rankings.SetPopulation;

/// <summary>An administrator records a town's or village's resident population (audited); null = unknown.</summary>
public static class SetPopulation
{
    public sealed record Request(int? Population);

    public sealed class Handler(ConcordDb db)
    {
        public const int Max = 10_000_000;

        public async Task HandleAsync(string code, Request request, CancellationToken ct)
        {
            var region = await db.Regions.FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new Shared.NotFoundException("该地区");
            var errors = new Shared.FieldErrors();
            if (request.Population is < 0 or > Max)
            {
                errors.Add("population", $"人口数应在 0 到 {Max} 之间，未知请留空。");
            }

            if (region.Level is not (RegionLevel.Province or RegionLevel.City or RegionLevel.County or RegionLevel.Town or RegionLevel.Village))
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
