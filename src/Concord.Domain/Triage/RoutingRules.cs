using Concord.Domain.Cases;
using Concord.Domain.Regions;

namespace Concord.Domain.Triage;

/// <summary>The kind of organisation a dispute should go to (分流去向).</summary>
public enum HandlerKind
{
    /// <summary>村（社区）人民调解委员会.</summary>
    VillageCommittee,

    /// <summary>乡镇（街道）人民调解委员会.</summary>
    TownCommittee,

    /// <summary>县级行业性专业性调解委员会 (劳动争议, 婚姻家庭, 道路交通, 物业, 医患, 消费 …).</summary>
    IndustryCommittee,

    /// <summary>县级职能部门.</summary>
    Department,

    /// <summary>县级人民调解委员会 / 中心直接调处.</summary>
    CountyCentre,
}

/// <summary>One row of the routing table: which category and level go where. Most specific row wins.</summary>
public sealed record RoutingRule(string? CategoryCode, RiskLevel? MinLevel, RegionLevel? Place, HandlerKind Handler, string? Specialty, string Why);

/// <summary>A proposal the dispatcher confirms or overrides (with a reason).</summary>
public sealed record RoutingProposal(HandlerKind Handler, string? Specialty, string Why);

/// <summary>
/// 分流规则表: category × risk level × place → kind of organisation (and its specialty). The
/// defaults follow "小事不出村、大事不出镇、矛盾不上交": ordinary disputes stay in the village,
/// larger ones go to the town, specialised ones to the county's industry committees, grave ones
/// to the county centre. A county edits the table as configuration.
/// </summary>
public static class RoutingRules
{
    public static readonly IReadOnlyList<RoutingRule> Default =
    [
        new(null, RiskLevel.Grave, null, HandlerKind.CountyCentre, null, "重大风险纠纷由县级中心统筹调处"),
        new("06", null, null, HandlerKind.IndustryCommittee, "劳动争议", "劳动争议由劳动争议调解委员会办理"),
        new("01", RiskLevel.Major, null, HandlerKind.IndustryCommittee, "婚姻家庭", "较大婚姻家庭纠纷由婚姻家庭调解委员会办理"),
        new("09", null, null, HandlerKind.IndustryCommittee, "道路交通", "交通事故损害赔偿由道路交通调解委员会办理"),
        new("07", RiskLevel.Major, null, HandlerKind.IndustryCommittee, "物业", "较大物业纠纷由物业纠纷调解委员会办理"),
        new("08", null, null, HandlerKind.IndustryCommittee, "医患", "医疗纠纷由医患纠纷调解委员会办理"),
        new("10", RiskLevel.Major, null, HandlerKind.IndustryCommittee, "消费", "较大消费纠纷由消费纠纷调解委员会办理"),
        new("05", null, null, HandlerKind.IndustryCommittee, "征地拆迁", "征地拆迁纠纷由征地拆迁调解委员会办理"),
        new("14", null, null, HandlerKind.IndustryCommittee, "环境资源", "环境污染纠纷由环境资源调解委员会办理"),
        new(null, RiskLevel.Major, null, HandlerKind.TownCommittee, null, "较大纠纷由乡镇（街道）人民调解委员会办理"),
        new(null, null, null, HandlerKind.VillageCommittee, null, "一般纠纷就地由村（社区）人民调解委员会化解"),
    ];

    public static RoutingProposal Propose(string categoryCode, RiskLevel level, RegionLevel place, IReadOnlyList<RoutingRule> table)
    {
        var match = table
            .Where(r => (r.CategoryCode is null || r.CategoryCode == categoryCode)
                && (r.MinLevel is null || level >= r.MinLevel)
                && (r.Place is null || r.Place == place))
            .OrderByDescending(Specificity)
            .FirstOrDefault() ?? throw new InvalidOperationException("The routing table has no catch-all row.");
        return new RoutingProposal(match.Handler, match.Specialty, match.Why);
    }

    /// <summary>Grave risk outranks everything; then category, then level, then place.</summary>
    private static int Specificity(RoutingRule r) =>
        (r.MinLevel == RiskLevel.Grave && r.CategoryCode is null ? 100 : 0)
        + (r.CategoryCode is null ? 0 : 10)
        + (r.MinLevel is null ? 0 : 4)
        + (r.Place is null ? 0 : 2);
}
