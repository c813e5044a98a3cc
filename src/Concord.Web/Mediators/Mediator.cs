using Concord.Web.Shared;

namespace Concord.Web.Mediators;

/// <summary>Kinds of mediator (调解员类别), as the registry records them.</summary>
public enum MediatorKind
{
    /// <summary>人民调解员.</summary>
    People,

    /// <summary>行业性调解员.</summary>
    Industry,

    /// <summary>专业性调解员.</summary>
    Professional,

    /// <summary>行政调解员.</summary>
    Administrative,

    /// <summary>司法调解员 (法院特邀).</summary>
    Judicial,
}

/// <summary>Kinds of expert in the pool (专家库) a mediation may call on.</summary>
public enum ExpertKind
{
    Judge,
    Prosecutor,
    Lawyer,
    Counsellor,
    Other,
}

/// <summary>A mediator (调解员) of a mediation committee; scoped to the committee's place.</summary>
public sealed class Mediator : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The region of the mediator's organisation.</summary>
    public required string RegionCode { get; init; }

    public long OrgUnitId { get; init; }

    /// <summary>The login of the mediator, when they have one.</summary>
    public long? UserId { get; set; }

    public required string Name { get; set; }

    public MediatorKind Kind { get; set; }

    /// <summary>Category codes the mediator handles, comma-separated (e.g. <c>01,02,07</c>).</summary>
    public string CategoryCodes { get; set; } = "";

    public string? Dialects { get; set; }

    /// <summary>金牌调解员.</summary>
    public bool Gold { get; set; }

    public bool Active { get; set; } = true;

    public IReadOnlyList<string> Categories => CategoryCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Handles(string categoryCode) => Categories.Contains(categoryCode, StringComparer.Ordinal);

    public static string KindLabel(MediatorKind kind) => kind switch
    {
        MediatorKind.People => "人民调解员",
        MediatorKind.Industry => "行业调解员",
        MediatorKind.Professional => "专业调解员",
        MediatorKind.Administrative => "行政调解员",
        MediatorKind.Judicial => "司法调解员",
        _ => kind.ToString(),
    };
}

/// <summary>An expert of the pool (法官、检察官、律师、心理咨询师 …), usually at county level.</summary>
public sealed class Expert : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Name { get; set; }

    public ExpertKind Kind { get; set; }

    public string? Specialty { get; set; }

    public string? Organisation { get; set; }

    public static string KindLabel(ExpertKind kind) => kind switch
    {
        ExpertKind.Judge => "法官",
        ExpertKind.Prosecutor => "检察官",
        ExpertKind.Lawyer => "律师",
        ExpertKind.Counsellor => "心理咨询师",
        ExpertKind.Other => "其他",
        _ => kind.ToString(),
    };
}

/// <summary>A mediator assigned to a case; the row lives in the case's region.</summary>
public sealed class CaseMediator : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public long MediatorId { get; init; }

    /// <summary>主调解员 (the others assist).</summary>
    public bool Primary { get; set; }

    public DateTime AssignedAt { get; init; }

    public long? AssignedByUserId { get; init; }
}

/// <summary>An expert invited into a case's mediation.</summary>
public sealed class CaseExpert : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public long ExpertId { get; init; }

    public DateTime InvitedAt { get; init; }

    public required string Purpose { get; init; }
}

/// <summary>利益冲突申报 (回避): the mediator may not be assigned to the case.</summary>
public sealed class ConflictDeclaration : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public long MediatorId { get; init; }

    public required string Reason { get; init; }

    public DateTime DeclaredAt { get; init; }
}
