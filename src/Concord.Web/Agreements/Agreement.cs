using Concord.Domain.Agreements;
using Concord.Web.Shared;

namespace Concord.Web.Agreements;

/// <summary>
/// 人民调解协议书 of a case (at most one per case): the art. 29 parts as drafted by the mediator,
/// then finalised (确认生效) once complete and signed by every party — or recorded as verbal.
/// </summary>
public sealed class Agreement : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    /// <summary>The case's region: the agreement is in scope wherever the case is.</summary>
    public required string RegionCode { get; set; }

    /// <summary>One party a line, as "role|name".</summary>
    public string Parties { get; set; } = "";

    public string? Facts { get; set; }

    public string? DisputedItems { get; set; }

    public string? Responsibility { get; set; }

    /// <summary>The terms, one a line.</summary>
    public string? Terms { get; set; }

    public string? PerformanceMethod { get; set; }

    public string? PerformancePlace { get; set; }

    public DateOnly? PerformanceDeadline { get; set; }

    public bool Verbal { get; set; }

    public long? DraftedByUserId { get; set; }

    public DateTime DraftedAt { get; set; }

    public DateTime? FinalisedAt { get; set; }

    public DateTime? EffectiveAt { get; set; }

    public List<AgreementSignature> Signatures { get; } = [];

    public AgreementDraft ToDraft() => new()
    {
        Parties = [.. Lines(Parties).Select(l => l.Split('|', 2)).Select(p => p.Length == 2 ? new AgreementParty(p[1], p[0]) : new AgreementParty(p[0], ""))],
        Facts = Facts,
        DisputedItems = DisputedItems,
        Responsibility = Responsibility,
        Terms = Lines(Terms),
        PerformanceMethod = PerformanceMethod,
        PerformancePlace = PerformancePlace,
        PerformanceDeadline = PerformanceDeadline,
        Verbal = Verbal,
    };

    public void Apply(AgreementDraft draft)
    {
        Parties = string.Join('\n', draft.Parties.Where(p => !string.IsNullOrWhiteSpace(p.Name)).Select(p => $"{p.Role.Trim().Replace("|", "", StringComparison.Ordinal)}|{p.Name.Trim()}"));
        Facts = Clean(draft.Facts);
        DisputedItems = Clean(draft.DisputedItems);
        Responsibility = Clean(draft.Responsibility);
        Terms = draft.Terms.Any(t => !string.IsNullOrWhiteSpace(t)) ? string.Join('\n', draft.Terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim())) : null;
        PerformanceMethod = Clean(draft.PerformanceMethod);
        PerformancePlace = Clean(draft.PerformancePlace);
        PerformanceDeadline = draft.PerformanceDeadline;
        Verbal = draft.Verbal;
    }

    public static IReadOnlyList<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public enum SignatureMethod
{
    OnSite,
    Electronic,
}

/// <summary>One party's signature on the agreement: a row per party of the case, signed or not yet.</summary>
public sealed class AgreementSignature : IRegionScoped
{
    public long Id { get; init; }

    public long AgreementId { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; set; }

    public required string PartyName { get; init; }

    public required string PartyRole { get; init; }

    public DateTime? SignedAt { get; set; }

    public SignatureMethod? Method { get; set; }

    public static string Label(SignatureMethod method) => method switch
    {
        SignatureMethod.OnSite => "现场签字",
        SignatureMethod.Electronic => "电子签名",
        _ => method.ToString(),
    };
}
