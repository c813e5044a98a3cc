using Concord.Domain.Cases;

namespace Concord.Domain.Triage;

/// <summary>
/// Configurable risk grading (风险分级): thresholds, categories that start higher, and the
/// extreme-words lexicon. Defaults are a starting point a county adjusts as configuration.
/// </summary>
public sealed record RiskRules
{
    /// <summary>Amount (fen) from which a dispute is at least 较大. Default ¥50,000.</summary>
    public long MajorAmountFen { get; init; } = 5_000_000;

    /// <summary>Amount (fen) from which a dispute is 重大. Default ¥500,000.</summary>
    public long GraveAmountFen { get; init; } = 50_000_000;

    public int MajorPeople { get; init; } = 5;

    public int GravePeople { get; init; } = 30;

    /// <summary>Categories that are at least 较大 whatever the amount (征地拆迁, 环境污染, 村务管理).</summary>
    public IReadOnlyList<string> MajorCategories { get; init; } = ["05", "14", "15"];

    public IReadOnlyList<string> ExtremeWords { get; init; } =
        ["搞出大事", "同归于尽", "跳楼", "报复", "不想活", "杀了", "弄死", "拼命", "喝农药", "自杀", "炸", "砍死", "上访到北京", "集体上访"];

    /// <summary>How far back an earlier dispute of the same party or address makes this one a repeat.</summary>
    public int RepeatWindowMonths { get; init; } = 12;

    public int GroupApplicants { get; init; } = 5;

    /// <summary>Open cases against one respondent within <see cref="GroupWindowDays"/> that make a group dispute.</summary>
    public int GroupCasesAgainstRespondent { get; init; } = 3;

    public int GroupWindowDays { get; init; } = 30;

    public static RiskRules Default { get; } = new();
}

public enum RedFlagKind
{
    ExtremeWords,
    Repeat,
    Group,
}

/// <summary>A red flag and why it was raised, in words the duty officer reads.</summary>
public sealed record RedFlag(RedFlagKind Kind, string Reason, IReadOnlyList<string> LinkedCaseCodes);

/// <summary>What the grader needs; repeat and group evidence is looked up by the caller.</summary>
public sealed record RiskInput(
    string CategoryCode,
    string Narrative,
    long? AmountFen,
    int? PeopleInvolved,
    int ApplicantCount,
    IReadOnlyList<string> EarlierCasesOfSamePartyOrAddress,
    IReadOnlyList<string> OpenCasesAgainstSameRespondent);

public sealed record RiskAssessment(RiskLevel Level, bool Urgent, IReadOnlyList<RedFlag> RedFlags, IReadOnlyList<string> Reasons);

public static class RiskGrader
{
    public static RiskAssessment Assess(RiskInput input, RiskRules rules)
    {
        var reasons = new List<string>();
        var level = RiskLevel.General;
        void Raise(RiskLevel to, string why)
        {
            if (to > level)
            {
                level = to;
            }

            reasons.Add(why);
        }

        if (input.AmountFen is { } amount && amount >= rules.GraveAmountFen)
        {
            Raise(RiskLevel.Grave, $"涉及金额 {amount / 100:N0} 元，达到重大标准（{rules.GraveAmountFen / 100:N0} 元）");
        }
        else if (input.AmountFen is { } a && a >= rules.MajorAmountFen)
        {
            Raise(RiskLevel.Major, $"涉及金额 {a / 100:N0} 元，达到较大标准（{rules.MajorAmountFen / 100:N0} 元）");
        }

        var people = Math.Max(input.PeopleInvolved ?? 0, input.ApplicantCount);
        if (people >= rules.GravePeople)
        {
            Raise(RiskLevel.Grave, $"涉及 {people} 人，达到重大标准（{rules.GravePeople} 人）");
        }
        else if (people >= rules.MajorPeople)
        {
            Raise(RiskLevel.Major, $"涉及 {people} 人，达到较大标准（{rules.MajorPeople} 人）");
        }

        if (rules.MajorCategories.Contains(input.CategoryCode))
        {
            Raise(RiskLevel.Major, $"{Categories.NameOf(input.CategoryCode)}类纠纷按较大风险处理");
        }

        var flags = new List<RedFlag>();
        var words = rules.ExtremeWords.Where(w => input.Narrative.Contains(w, StringComparison.Ordinal)).ToList();
        if (words.Count > 0)
        {
            flags.Add(new RedFlag(RedFlagKind.ExtremeWords, $"纠纷情况中出现极端言辞：{string.Join("、", words.Select(w => "“" + w + "”"))}", []));
        }

        if (input.EarlierCasesOfSamePartyOrAddress.Count > 0)
        {
            flags.Add(new RedFlag(RedFlagKind.Repeat,
                $"同一当事人或同一地址在 {rules.RepeatWindowMonths} 个月内已有纠纷：{string.Join("、", input.EarlierCasesOfSamePartyOrAddress)}",
                input.EarlierCasesOfSamePartyOrAddress));
        }

        if (input.ApplicantCount >= rules.GroupApplicants)
        {
            flags.Add(new RedFlag(RedFlagKind.Group, $"申请人 {input.ApplicantCount} 人，属群体性纠纷（{rules.GroupApplicants} 人及以上）", []));
        }
        else if (input.OpenCasesAgainstSameRespondent.Count + 1 >= rules.GroupCasesAgainstRespondent)
        {
            flags.Add(new RedFlag(RedFlagKind.Group,
                $"{rules.GroupWindowDays} 日内针对同一被申请人的未结纠纷已有 {input.OpenCasesAgainstSameRespondent.Count + 1} 件，属群体性纠纷",
                input.OpenCasesAgainstSameRespondent));
        }

        if (flags.Count > 0)
        {
            Raise(RiskLevel.Major, "存在红色预警信号");
        }

        if (flags.Any(f => f.Kind == RedFlagKind.ExtremeWords) && flags.Count > 1)
        {
            Raise(RiskLevel.Grave, "极端言辞叠加重复或群体信号");
        }

        return new RiskAssessment(level, flags.Count > 0, flags, reasons);
    }
}
