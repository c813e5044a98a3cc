using Concord.Domain.Regions;
using Concord.Web.Shared;

namespace Concord.Web.Regions;

/// <summary>A node of the administrative tree, province down to 十联户.</summary>
public sealed class Region : IRegionScoped
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public RegionLevel Level { get; init; }

    public string? ParentCode { get; init; }

    /// <summary>Residents counted by the grid registry or the statistics office (for per-10,000 figures).</summary>
    public int Population { get; set; }

    /// <summary>
    /// Residents per the statistics office, kept for towns and villages (rankings' per-10,000
    /// figures); null = unknown, and the per-10,000 indicator shows “—”. Set by an administrator
    /// (PUT /api/regions/{code}/population) or, for the demo county, by the demo seeder.
    /// </summary>
    public int? ResidentPopulation { get; set; }

    public string RegionCode => Code;
}
