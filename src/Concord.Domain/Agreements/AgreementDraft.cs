namespace Concord.Domain.Agreements;

/// <summary>One party as named in the agreement, with the role it signs in (申请人, 被申请人 …).</summary>
public sealed record AgreementParty(string Name, string Role);

/// <summary>
/// 人民调解协议书 as drafted: the parts People's Mediation Law art. 29 requires — the parties;
/// the facts and the disputed items; responsibility; the terms agreed; and how, where and by
/// when they are performed. A verbal agreement (口头协议) is recorded with the same parts.
/// </summary>
public sealed record AgreementDraft
{
    public IReadOnlyList<AgreementParty> Parties { get; init; } = [];

    public string? Facts { get; init; }

    public string? DisputedItems { get; init; }

    public string? Responsibility { get; init; }

    /// <summary>The terms, one line each.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    public string? PerformanceMethod { get; init; }

    public string? PerformancePlace { get; init; }

    public DateOnly? PerformanceDeadline { get; init; }

    public bool Verbal { get; init; }
}

/// <summary>Which of the art. 29 parts a draft still lacks, in the words printed on the agreement.</summary>
public static class AgreementRules
{
    public const string Parties = "当事人";
    public const string Facts = "纠纷事实";
    public const string DisputedItems = "争议事项";
    public const string Responsibility = "责任承担";
    public const string Terms = "协议内容";
    public const string PerformanceMethod = "履行方式";
    public const string PerformancePlace = "履行地点";
    public const string PerformanceDeadline = "履行期限";

    /// <summary>An agreement binds at least two sides, each named.</summary>
    public const int MinimumParties = 2;

    /// <summary>The missing parts in the order art. 29 lists them; empty when the draft is complete.</summary>
    public static IReadOnlyList<string> Missing(AgreementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var missing = new List<string>();
        if (draft.Parties.Count(p => !string.IsNullOrWhiteSpace(p.Name)) < MinimumParties)
        {
            missing.Add(Parties);
        }

        Require(draft.Facts, Facts);
        Require(draft.DisputedItems, DisputedItems);
        Require(draft.Responsibility, Responsibility);
        if (!draft.Terms.Any(t => !string.IsNullOrWhiteSpace(t)))
        {
            missing.Add(Terms);
        }

        Require(draft.PerformanceMethod, PerformanceMethod);
        Require(draft.PerformancePlace, PerformancePlace);
        if (draft.PerformanceDeadline is null)
        {
            missing.Add(PerformanceDeadline);
        }

        return missing;

        void Require(string? value, string part)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(part);
            }
        }
    }
}
