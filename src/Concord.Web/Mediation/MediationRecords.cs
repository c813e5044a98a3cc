using Concord.Web.Shared;

namespace Concord.Web.Mediation;

/// <summary>The six steps of the Tongcheng method (桐城调解六步法), in the order they are taken.</summary>
public enum MediationStep
{
    /// <summary>听: let both sides tell their story in full.</summary>
    Listen,

    /// <summary>辨: establish the facts, tell right from wrong.</summary>
    Discern,

    /// <summary>劝: explain the law and reason with the parties.</summary>
    Persuade,

    /// <summary>借: cite the Six-Foot Alley (六尺巷) story and typical cases.</summary>
    Cite,

    /// <summary>让: lead both sides to mutual concession.</summary>
    Concede,

    /// <summary>和: reconcile — agree and shake hands.</summary>
    Reconcile,
}

public static class MediationSteps
{
    public static readonly IReadOnlyList<MediationStep> InOrder = Enum.GetValues<MediationStep>();

    public static string Label(MediationStep step) => step switch
    {
        MediationStep.Listen => "听",
        MediationStep.Discern => "辨",
        MediationStep.Persuade => "劝",
        MediationStep.Cite => "借",
        MediationStep.Concede => "让",
        _ => "和",
    };

    public static string Prompt(MediationStep step) => step switch
    {
        MediationStep.Listen => "听：让双方充分陈述，耐心倾听诉求和情绪，不急于下结论。",
        MediationStep.Discern => "辨：查明事实、分清是非，核对证据，找准争议焦点。",
        MediationStep.Persuade => "劝：释法说理，讲清法律规定和利害关系，疏导情绪。",
        MediationStep.Cite => "借：借助六尺巷典故、典型案例和乡贤、亲友的力量化解心结。",
        MediationStep.Concede => "让：引导互谅互让，各退一步，提出双方都能接受的方案。",
        _ => "和：达成和解、握手言和，明确履行方式和期限。",
    };

    /// <summary>Accepts the English name in any case (listen, Listen) or the Chinese character (听).</summary>
    public static MediationStep? Parse(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : Enum.TryParse<MediationStep>(text, ignoreCase: true, out var step) && Enum.IsDefined(step) && !char.IsDigit(text[0]) ? step
        : InOrder.Cast<MediationStep?>().FirstOrDefault(s => Label(s!.Value) == text);
}

/// <summary>A mediation session (调解会): when, where (on site or online), who attended.</summary>
public sealed class MediationSession : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    /// <summary>第 N 次调解: the session's number within its case.</summary>
    public int Number { get; init; }

    public DateTime StartsAt { get; init; }

    public bool Online { get; init; }

    /// <summary>The room on site, or null when online.</summary>
    public string? Place { get; init; }

    /// <summary>The meeting link or room number when online.</summary>
    public string? OnlineLink { get; init; }

    public required string Attendees { get; init; }

    public string? Notes { get; init; }

    public long? RecordedByUserId { get; init; }

    public DateTime RecordedAt { get; set; }

    public List<SessionStep> Steps { get; } = [];

    public string Where => Online ? $"线上，{OnlineLink}" : $"现场，{Place}";
}

/// <summary>One of the six steps recorded for a session; saved step by step, notes replaced on each save.</summary>
public sealed class SessionStep : IRegionScoped
{
    public long Id { get; init; }

    public long SessionId { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public MediationStep Step { get; init; }

    public required string Notes { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>调查记录: an inquiry made outside the sessions (a visit to the site, a talk with neighbours).</summary>
public sealed class InvestigationRecord : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public DateTime At { get; init; }

    public required string Place { get; init; }

    public required string Investigator { get; init; }

    public required string Subject { get; init; }

    public required string Findings { get; init; }

    public long? RecordedByUserId { get; init; }

    public DateTime RecordedAt { get; init; }
}

/// <summary>证据材料: an uploaded file, stored outside wwwroot under its SHA-256 (see Mediation/README.md).</summary>
public sealed class Evidence : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Relative to the evidence folder: <c>{caseId}/{sha256}</c>.</summary>
    public required string StoragePath { get; init; }

    public string? Description { get; init; }

    public long? UploadedByUserId { get; init; }

    public DateTime UploadedAt { get; init; }
}
