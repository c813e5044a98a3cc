using Concord.Web.Shared;

namespace Concord.Web.Closing;

/// <summary>回访: a visit at the agreement's performance deadline.</summary>
public sealed class FollowUpVisit : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public DateOnly DueOn { get; init; }

    public DateTime? VisitedAt { get; set; }

    public bool? Performed { get; set; }

    public string? Notes { get; set; }

    public string? VisitorName { get; set; }
}

public enum Rating
{
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// <summary>A party's invitation to rate the result: a link that needs no login, used once.</summary>
public sealed class RatingRequest : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public long PartyId { get; init; }

    public required string PartyName { get; init; }

    /// <summary>Random, unguessable (128 bits, URL-safe); the whole credential of the rating link.</summary>
    public required string Token { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RatedAt { get; set; }

    public Rating? Rating { get; set; }

    public string? Comment { get; set; }
}

/// <summary>The items of a case file (卷宗) in the official order.</summary>
public enum CaseFileItem
{
    Application,
    RightsNotice,
    IdentityProof,
    MediationRecord,
    AgreementOrResult,
    PowerOfAttorney,
    InvestigationRecord,
    Evidence,
    PerformanceProof,
    FollowUpRecord,
    JudicialConfirmation,
    Statement,
    BackCover,
}

/// <summary>One item placed in a case's file.</summary>
public sealed class CaseFileEntry : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public CaseFileItem Item { get; init; }

    public string? Note { get; set; }

    public DateTime AddedAt { get; init; }

    public long? AddedByUserId { get; init; }
}

public static class CaseFile
{
    /// <summary>Required for every closed case (the others as needed), in the official order.</summary>
    public static readonly CaseFileItem[] Required =
        [CaseFileItem.Application, CaseFileItem.RightsNotice, CaseFileItem.IdentityProof, CaseFileItem.MediationRecord, CaseFileItem.AgreementOrResult, CaseFileItem.BackCover];

    public static string Label(CaseFileItem item) => item switch
    {
        CaseFileItem.Application => "申请书或受理登记表",
        CaseFileItem.RightsNotice => "权利义务告知书",
        CaseFileItem.IdentityProof => "身份证明",
        CaseFileItem.MediationRecord => "调解记录",
        CaseFileItem.AgreementOrResult => "调解协议书（或调解结果记录）",
        CaseFileItem.PowerOfAttorney => "委托书",
        CaseFileItem.InvestigationRecord => "调查记录",
        CaseFileItem.Evidence => "证据材料",
        CaseFileItem.PerformanceProof => "履行凭证",
        CaseFileItem.FollowUpRecord => "回访记录",
        CaseFileItem.JudicialConfirmation => "司法确认材料",
        CaseFileItem.Statement => "情况说明",
        CaseFileItem.BackCover => "封底",
        _ => item.ToString(),
    };

    public static string Label(Rating rating) => rating switch
    {
        Rating.Satisfied => "满意",
        Rating.BasicallySatisfied => "基本满意",
        Rating.Dissatisfied => "不满意",
        _ => rating.ToString(),
    };
}
