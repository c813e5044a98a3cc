using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Org.BrowseOrg;

/// <summary>The org tree browser: a place, its ancestors, its children and the org units that act there.</summary>
public static class BrowseOrg
{
    public sealed record Node(string Code, string Name, string Level, string LevelLabel, bool InScope);

    public sealed record Unit(long Id, string Code, string Name, string Kind, string KindLabel);

    public sealed record View(Node Current, IReadOnlyList<Node> Lineage, IReadOnlyList<Node> Children, IReadOnlyList<Unit> OrgUnits);

    public static string LevelLabel(RegionLevel level) => level switch
    {
        RegionLevel.Province => "省",
        RegionLevel.City => "市",
        RegionLevel.County => "县（市、区）",
        RegionLevel.Town => "乡镇（街道）",
        RegionLevel.Village => "村（社区）",
        RegionLevel.Grid => "网格",
        RegionLevel.HouseholdUnit => "十联户",
        _ => level.ToString(),
    };

    public sealed class Handler(ConcordDb db)
    {
        public async Task<View> HandleAsync(string? code, CancellationToken ct = default)
        {
            var actor = db.Actor;
            code = string.IsNullOrWhiteSpace(code) ? actor.ScopeCode : code.Trim();
            var current = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct)
                ?? throw new NotFoundException("该区划");
            var lineageCodes = RegionCode.Lineage(current.Code);

            // Ancestors' names are public (they are on every letterhead); only the subtree is browsable.
            var lineage = await db.Regions.IgnoreQueryFilters().AsNoTracking()
                .Where(r => lineageCodes.Contains(r.Code)).OrderBy(r => r.Code).ToListAsync(ct);
            var children = await db.Regions.AsNoTracking().Where(r => r.ParentCode == current.Code).OrderBy(r => r.Code).ToListAsync(ct);
            var units = await db.OrgUnits.AsNoTracking().Where(o => o.RegionCode == current.Code).OrderBy(o => o.Kind).ThenBy(o => o.Code).ToListAsync(ct);
            return new View(
                ToNode(current, actor),
                [.. lineage.Select(r => ToNode(r, actor))],
                [.. children.Select(r => ToNode(r, actor))],
                [.. units.Select(u => new Unit(u.Id, u.Code, u.Name, u.Kind.ToString(), OrgUnit.KindLabel(u.Kind)))]);
        }

        private static Node ToNode(Regions.Region r, Actor actor) => new(r.Code, r.Name, r.Level.ToString(), LevelLabel(r.Level), actor.Sees(r.Code));
    }
}
