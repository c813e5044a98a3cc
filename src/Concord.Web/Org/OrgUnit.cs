using Concord.Web.Shared;

namespace Concord.Web.Org;

/// <summary>Kinds of organisation that act on disputes.</summary>
public enum OrgUnitKind
{
    /// <summary>综治中心 (社会矛盾纠纷调处化解中心) at county, town or village level.</summary>
    Centre,

    /// <summary>人民调解委员会.</summary>
    MediationCommittee,

    /// <summary>行业性专业性调解委员会 (劳动争议, 婚姻家庭, 道路交通, 物业, 医患, 消费 …).</summary>
    IndustryCommittee,

    /// <summary>职能部门 (住建、教育、人社、公安、信访、司法所 …).</summary>
    Department,

    /// <summary>人民法院 (速裁团队, 诉调对接).</summary>
    Court,

    /// <summary>网格工作站: grid workers and 联户长 belong here.</summary>
    GridStation,
}

public sealed class OrgUnit : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>Stable code: region code + kind suffix, e.g. 340881002-ZZZX.</summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    public OrgUnitKind Kind { get; init; }

    public required string RegionCode { get; init; }

    public static string KindLabel(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Centre => "综治中心",
        OrgUnitKind.MediationCommittee => "人民调解委员会",
        OrgUnitKind.IndustryCommittee => "专业调解委员会",
        OrgUnitKind.Department => "职能部门",
        OrgUnitKind.Court => "人民法院",
        OrgUnitKind.GridStation => "网格工作站",
        _ => kind.ToString(),
    };
}
