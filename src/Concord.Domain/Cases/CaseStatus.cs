namespace Concord.Domain.Cases;

/// <summary>
/// Where a case stands. Moves between them are the table in <see cref="Lifecycle"/>; intake
/// creates cases in <see cref="Registered"/>. Stored by name: new values may be added, never renamed.
/// </summary>
public enum CaseStatus
{
    Registered,
    Routed,
    Mediating,
    Agreed,
    JudicialConfirmation,
    FollowUp,
    Closed,
    NoAgreement,
    Withdrawn,
    Accepted,
    Returned,
    AwaitingRating,
}

public enum RiskLevel
{
    General,
    Major,
    Grave,
}

public enum PartyRole
{
    Applicant,
    Respondent,
}

public enum PartyKind
{
    Person,
    Organisation,
}

public static class CaseLabels
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Registered => "待受理",
        CaseStatus.Routed => "已分流",
        CaseStatus.Mediating => "调解中",
        CaseStatus.Agreed => "已达成协议",
        CaseStatus.JudicialConfirmation => "司法确认中",
        CaseStatus.FollowUp => "待回访",
        CaseStatus.Closed => "已结案",
        CaseStatus.NoAgreement => "调解不成",
        CaseStatus.Withdrawn => "已撤回",
        CaseStatus.Accepted => "已受理待分流",
        CaseStatus.Returned => "已退回中心",
        CaseStatus.AwaitingRating => "待评价结案",
        _ => status.ToString(),
    };

    public static string Of(RiskLevel level) => level switch
    {
        RiskLevel.General => "一般",
        RiskLevel.Major => "较大",
        RiskLevel.Grave => "重大",
        _ => level.ToString(),
    };

    public static string Of(PartyRole role) => role == PartyRole.Applicant ? "申请人" : "被申请人";

    public static string Of(PartyKind kind) => kind == PartyKind.Person ? "自然人" : "组织";
}
