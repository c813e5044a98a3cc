using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Concord.Web.Regions.Divisions;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Org;

/// <summary>
/// Sets up any county in China by its code: its part of the administrative tree from the
/// division data, and the org units that act there — 综治中心 and 人民调解委员会 at county, town
/// and village level, the county's industry committees, departments and court.
/// </summary>
public static class CountySetup
{
    public static readonly string[] IndustryCommittees = ["劳动争议", "婚姻家庭", "道路交通", "物业", "医患", "消费", "征地拆迁", "环境资源"];

    public static readonly (string Suffix, string Name)[] Departments =
    [
        ("ZJ", "住房和城乡建设局"), ("JY", "教育局"), ("RS", "人力资源和社会保障局"), ("GA", "公安局"),
        ("XF", "信访局"), ("SF", "司法局"), ("WJ", "卫生健康委员会"), ("SJ", "市场监督管理局"),
        ("ZR", "自然资源和规划局"), ("NY", "农业农村局"), ("HB", "生态环境分局"), ("CG", "城市管理局"),
    ];

    public sealed record Summary(string CountyCode, string CountyName, int Towns, int Villages, int OrgUnits);

    public static async Task<Summary> SetUpAsync(ConcordDb db, DivisionCatalog catalog, string countyCode, CancellationToken ct)
    {
        var divisions = catalog.County(countyCode);
        var province = countyCode[..2];
        var existing = (await db.Regions.IgnoreQueryFilters().Where(r => r.Code.StartsWith(province)).Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        foreach (var d in divisions.Where(d => !existing.Contains(d.Code)))
        {
            db.Regions.Add(new Region { Code = d.Code, Name = d.Name, Level = d.Level, ParentCode = d.ParentCode });
        }

        var county = divisions.Single(d => d.Level == RegionLevel.County);
        var units = new List<OrgUnit>
        {
            Unit(county.Code, "ZZZX", $"{county.Name}社会矛盾纠纷调处化解中心", OrgUnitKind.Centre),
            Unit(county.Code, "TWH", $"{county.Name}人民调解委员会", OrgUnitKind.MediationCommittee),
            Unit(county.Code, "FY", $"{county.Name}人民法院", OrgUnitKind.Court),
        };
        units.AddRange(IndustryCommittees.Select((name, i) => Unit(county.Code, $"HY{i + 1:00}", $"{county.Name}{name}纠纷人民调解委员会", OrgUnitKind.IndustryCommittee)));
        units.AddRange(Departments.Select(d => Unit(county.Code, d.Suffix, $"{county.Name}{d.Name}", OrgUnitKind.Department)));
        foreach (var town in divisions.Where(d => d.Level == RegionLevel.Town))
        {
            units.Add(Unit(town.Code, "ZZZX", $"{town.Name}综治中心", OrgUnitKind.Centre));
            units.Add(Unit(town.Code, "TWH", $"{town.Name}人民调解委员会", OrgUnitKind.MediationCommittee));
            units.Add(Unit(town.Code, "SFS", $"{town.Name}司法所", OrgUnitKind.Department));
        }

        foreach (var village in divisions.Where(d => d.Level == RegionLevel.Village))
        {
            var shortName = ShortVillageName(village.Name);
            units.Add(Unit(village.Code, "ZZZX", $"{shortName}综治中心", OrgUnitKind.Centre));
            units.Add(Unit(village.Code, "TWH", $"{shortName}人民调解委员会", OrgUnitKind.MediationCommittee));
        }

        var existingUnits = (await db.OrgUnits.IgnoreQueryFilters().Where(o => o.RegionCode.StartsWith(countyCode)).Select(o => o.Code).ToListAsync(ct)).ToHashSet();
        db.OrgUnits.AddRange(units.Where(u => !existingUnits.Contains(u.Code)));
        db.Audit("county.set_up", "Region", county.Code, new { county = county.Name, regions = divisions.Count, orgUnits = units.Count });
        await db.SaveChangesAsync(ct);
        return new Summary(county.Code, county.Name, divisions.Count(d => d.Level == RegionLevel.Town), divisions.Count(d => d.Level == RegionLevel.Village), units.Count);
    }

    /// <summary>西苑居委会 → 西苑社区; 石河村委会 → 石河村.</summary>
    public static string ShortVillageName(string name) =>
        name.EndsWith("村委会", StringComparison.Ordinal) ? name[..^2]
        : name.EndsWith("社区居委会", StringComparison.Ordinal) ? name[..^3]
        : name.EndsWith("社区居民委员会", StringComparison.Ordinal) ? name[..^5]
        : name.EndsWith("居委会", StringComparison.Ordinal) ? name[..^3] + "社区"
        : name;

    public static OrgUnit Unit(string regionCode, string suffix, string name, OrgUnitKind kind) =>
        new() { Code = $"{regionCode}-{suffix}", Name = name, Kind = kind, RegionCode = regionCode };
}
