using Concord.Web.Identity;
using Concord.Web.Mediators;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// The demo county's mediators and expert pool: 2–4 mediators per town committee, 1–2 per
/// village committee of 文昌街道, several per county industry committee (categories by its
/// specialty), some 金牌; the demo user <c>mediator</c> is linked to their record. Deterministic.
/// </summary>
public static class DemoMediators
{
    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "方", "汪", "章", "姚", "潘"];
    private static readonly string[] s_givenNames = ["建华", "秀英", "志明", "桂兰", "国平", "玉梅", "德胜", "丽华", "永强", "春花", "长松", "凤英", "文斌", "红霞", "家宝", "淑珍", "明亮", "爱萍", "正义", "慧敏", "光荣", "兰芳", "学文", "海涛"];

    /// <summary>Everyday disputes a town or village committee takes on.</summary>
    private static readonly string[] s_localCategories = ["01", "02", "03", "04", "07", "12", "13", "15"];

    /// <summary>The category codes of each county industry committee, by its specialty (CountySetup.IndustryCommittees order).</summary>
    private static readonly Dictionary<string, string> s_industryCategories = new(StringComparer.Ordinal)
    {
        ["劳动争议"] = "06",
        ["婚姻家庭"] = "01",
        ["道路交通"] = "09",
        ["物业"] = "07",
        ["医患"] = "08",
        ["消费"] = "10,11",
        ["征地拆迁"] = "05,03",
        ["环境资源"] = "14,04",
    };

    public static async Task<int> SeedAsync(ConcordDb db, string county, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var units = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.RegionCode.StartsWith(county) && (o.Kind == OrgUnitKind.MediationCommittee || o.Kind == OrgUnitKind.IndustryCommittee))
            .OrderBy(o => o.Code).ToListAsync(ct);
        var wenchang = county + "002";
        var mediators = new List<Mediator>();
        foreach (var unit in units)
        {
            var (count, kind, categories) = unit switch
            {
                { Kind: OrgUnitKind.IndustryCommittee } => (random.Next(3, 6), random.Next(2) == 0 ? MediatorKind.Industry : MediatorKind.Professional, IndustryCategories(unit)),
                _ when unit.RegionCode.Length == 9 || unit.RegionCode == county => (random.Next(2, 5), MediatorKind.People, (string?)null),
                _ when unit.RegionCode.StartsWith(wenchang, StringComparison.Ordinal) => (random.Next(1, 3), MediatorKind.People, null),
                _ => (0, MediatorKind.People, null),
            };
            for (var i = 0; i < count; i++)
            {
                mediators.Add(new Mediator
                {
                    RegionCode = unit.RegionCode,
                    OrgUnitId = unit.Id,
                    Name = s_surnames[random.Next(s_surnames.Length)] + s_givenNames[random.Next(s_givenNames.Length)],
                    Kind = kind,
                    CategoryCodes = categories ?? LocalCategories(random),
                    Dialects = random.Next(4) == 0 ? "普通话、桐城话、安庆话" : "普通话、桐城话",
                    Gold = random.Next(5) == 0,
                });
            }
        }

        await LinkDemoMediatorAsync(db, mediators, ct);
        db.Mediators.AddRange(mediators);
        db.Experts.AddRange(Experts(county));
        db.Audit("demo.mediators_seeded", "Region", county, new { mediators = mediators.Count });
        await db.SaveChangesAsync(ct);
        return mediators.Count;
    }

    private static string IndustryCategories(OrgUnit unit) =>
        s_industryCategories.FirstOrDefault(kv => unit.Name.Contains(kv.Key, StringComparison.Ordinal)).Value ?? "99";

    private static string LocalCategories(Random random) =>
        string.Join(",", s_localCategories.Where(_ => random.Next(2) == 0).DefaultIfEmpty("02").Order(StringComparer.Ordinal));

    /// <summary>The demo user <c>mediator</c> (吴德华, 文昌街道人民调解委员会) is the first mediator of that committee.</summary>
    private static async Task LinkDemoMediatorAsync(ConcordDb db, List<Mediator> mediators, CancellationToken ct)
    {
        var login = DemoUsers.All.Single(u => u.UserName == "mediator");
        var user = await db.Set<AppUser>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == login.UserName, ct);
        var unit = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Code == login.OrgUnitCode, ct);
        var index = mediators.FindIndex(m => m.OrgUnitId == unit.Id);
        var linked = new Mediator
        {
            RegionCode = unit.RegionCode,
            OrgUnitId = unit.Id,
            UserId = user?.Id,
            Name = login.DisplayName,
            Kind = MediatorKind.People,
            CategoryCodes = "01,02,03,07",
            Dialects = "普通话、桐城话",
            Gold = true,
        };
        if (index >= 0)
        {
            mediators[index] = linked;
        }
        else
        {
            mediators.Add(linked);
        }
    }

    private static IEnumerable<Expert> Experts(string county)
    {
        Expert E(string name, ExpertKind kind, string specialty, string organisation) =>
            new() { RegionCode = county, Name = name, Kind = kind, Specialty = specialty, Organisation = organisation };
        return
        [
            E("方正华", ExpertKind.Judge, "婚姻家庭、继承", "桐城市人民法院"),
            E("汪立新", ExpertKind.Judge, "民间借贷、合同", "桐城市人民法院"),
            E("章明远", ExpertKind.Judge, "道路交通事故损害赔偿", "桐城市人民法院"),
            E("姚静", ExpertKind.Prosecutor, "民事行政检察", "桐城市人民检察院"),
            E("郑律师", ExpertKind.Lawyer, "劳动争议、工伤赔偿", "安徽桐都律师事务所"),
            E("潘文杰", ExpertKind.Lawyer, "物业、房屋买卖", "安徽六尺巷律师事务所"),
            E("胡晓燕", ExpertKind.Lawyer, "婚姻家庭、妇女权益", "安徽桐都律师事务所"),
            E("林慧", ExpertKind.Counsellor, "婚恋家庭心理疏导", "桐城市心理健康服务中心"),
            E("高远", ExpertKind.Counsellor, "危机干预、情绪疏导", "桐城市心理健康服务中心"),
            E("何国栋", ExpertKind.Other, "医疗损害鉴定", "桐城市人民医院"),
        ];
    }
}
