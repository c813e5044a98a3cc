namespace Concord.Domain.Rankings;

/// <summary>The indicators places are ranked on (月晾晒、季排位). Order = column order.</summary>
public enum Indicator
{
    /// <summary>受理量 per 10,000 residents; lower is better (source prevention).</summary>
    IntakePer10k,

    /// <summary>办结率 = concluded ÷ registered.</summary>
    ConcludedRate,

    /// <summary>按期办结率 = concluded with no deadline overdue ÷ concluded.</summary>
    OnTimeRate,

    /// <summary>化解成功率 = resolved ÷ (resolved + failed).</summary>
    SuccessRate,

    /// <summary>化解成功率 minus the rate expected from the place's category mix (percentage points).</summary>
    CaseMixSuccess,

    /// <summary>满意率 = satisfied ÷ rated.</summary>
    SatisfactionRate,

    /// <summary>Overdue stage deadlines per 100 registered cases; lower is better.</summary>
    OverduePer100,
}

/// <summary>Resolved and failed cases of one category (the base of 化解成功率).</summary>
public readonly record struct Judged(long Resolved, long Failed)
{
    public long Total => Resolved + Failed;

    public static Judged operator +(Judged a, Judged b) => new(a.Resolved + b.Resolved, a.Failed + b.Failed);
}

/// <summary>What a place brings to a ranking: its counters for the period and its category mix.</summary>
public sealed record PlaceFigures(
    string Code,
    string Name,
    long? Population,
    long Registered,
    long Concluded,
    long ConcludedOnTime,
    long Resolved,
    long Failed,
    long Rated,
    long Satisfied,
    long OverdueDeadlines,
    IReadOnlyDictionary<string, Judged> ByCategory);

/// <summary>One indicator of a ranked place: its value (null = “—”), its rank among the places with a value, and its 0–100 score.</summary>
public sealed record IndicatorValue(Indicator Indicator, double? Value, int? Rank, double? Score);

public sealed record RankedPlace(
    string Code,
    string Name,
    long? Population,
    long Registered,
    IReadOnlyList<IndicatorValue> Indicators,
    double? Composite,
    int? Rank,
    double? ExpectedSuccessRate,
    IReadOnlyList<string> Notes)
{
    public IndicatorValue this[Indicator indicator] => Indicators[(int)indicator];
}

/// <summary>
/// Ranking rules, pure: each indicator normalised so that size does not count (rates, per
/// 10,000 residents, per 100 cases), a case-mix adjustment of 化解成功率, a 0–100 score per
/// indicator (min–max over the places with a value, flipped where lower is better) and a
/// weighted composite over the indicators a place has.
/// </summary>
public static class RankingRules
{
    public static readonly IReadOnlyList<Indicator> All = Enum.GetValues<Indicator>();

    public static bool HigherIsBetter(Indicator indicator) => indicator is not (Indicator.IntakePer10k or Indicator.OverduePer100);

    public static string Label(Indicator indicator) => indicator switch
    {
        Indicator.IntakePer10k => "万人受理量",
        Indicator.ConcludedRate => "办结率",
        Indicator.OnTimeRate => "按期办结率",
        Indicator.SuccessRate => "化解成功率",
        Indicator.CaseMixSuccess => "化解成功率（类别校正）",
        Indicator.SatisfactionRate => "满意率",
        Indicator.OverduePer100 => "百件超期数",
        _ => indicator.ToString(),
    };

    /// <summary>The weights used when configuration gives none (they sum to 100).</summary>
    public static IReadOnlyDictionary<Indicator, double> DefaultWeights { get; } = new Dictionary<Indicator, double>
    {
        [Indicator.IntakePer10k] = 5,
        [Indicator.ConcludedRate] = 15,
        [Indicator.OnTimeRate] = 20,
        [Indicator.SuccessRate] = 10,
        [Indicator.CaseMixSuccess] = 20,
        [Indicator.SatisfactionRate] = 20,
        [Indicator.OverduePer100] = 10,
    };

    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>Cases per 10,000 residents; null when the population is unknown or zero.</summary>
    public static double? Per10k(long count, long? population) => population is > 0 ? count * 10000.0 / population.Value : null;

    /// <summary>Overdue stage deadlines per 100 cases registered; null without cases.</summary>
    public static double? Per100(long count, long registered) => registered == 0 ? null : count * 100.0 / registered;

    /// <summary>
    /// 化解成功率 a place would have with the reference success rate of each category:
    /// Σ_k judged_k × p_k ÷ Σ_k judged_k, where judged = resolved + failed and p_k the reference
    /// rate of category k. Null when the place has no judged case.
    /// </summary>
    public static double? ExpectedSuccessRate(IReadOnlyDictionary<string, Judged> place, IReadOnlyDictionary<string, Judged> reference)
    {
        double expected = 0;
        long judged = 0;
        foreach (var (category, j) in place)
        {
            if (j.Total == 0 || !reference.TryGetValue(category, out var r) || r.Total == 0)
            {
                continue;
            }

            expected += j.Total * ((double)r.Resolved / r.Total);
            judged += j.Total;
        }

        return judged == 0 ? null : expected / judged;
    }

    /// <summary>The reference mix: the categories summed over all places ranked together.</summary>
    public static Dictionary<string, Judged> Reference(IEnumerable<PlaceFigures> places)
    {
        var sum = new Dictionary<string, Judged>(StringComparer.Ordinal);
        foreach (var place in places)
        {
            foreach (var (category, j) in place.ByCategory)
            {
                sum[category] = sum.GetValueOrDefault(category) + j;
            }
        }

        return sum;
    }

    /// <summary>The value of each indicator of a place (null = “—”).</summary>
    public static double?[] Values(PlaceFigures p, IReadOnlyDictionary<string, Judged> reference, out double? expected)
    {
        var success = Rate(p.Resolved, p.Resolved + p.Failed);
        expected = ExpectedSuccessRate(p.ByCategory, reference);
        var values = new double?[All.Count];
        values[(int)Indicator.IntakePer10k] = Per10k(p.Registered, p.Population);
        values[(int)Indicator.ConcludedRate] = Rate(p.Concluded, p.Registered);
        values[(int)Indicator.OnTimeRate] = Rate(p.ConcludedOnTime, p.Concluded);
        values[(int)Indicator.SuccessRate] = success;
        values[(int)Indicator.CaseMixSuccess] = success is { } s && expected is { } e ? s - e : null;
        values[(int)Indicator.SatisfactionRate] = Rate(p.Satisfied, p.Rated);
        values[(int)Indicator.OverduePer100] = Per100(p.OverdueDeadlines, p.Registered);
        return values;
    }

    /// <summary>
    /// Scores an indicator 0–100 over the places with a value: (v − min) ÷ (max − min) × 100,
    /// flipped where lower is better; all equal → 100 each.
    /// </summary>
    public static double? Score(double? value, double min, double max, bool higherIsBetter)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (max - min < 1e-12)
        {
            return 100;
        }

        var s = (v - min) / (max - min) * 100;
        return higherIsBetter ? s : 100 - s;
    }

    /// <summary>
    /// Ranks of values (1 = best); equal values share a rank (1, 1, 3). Null values get no rank.
    /// </summary>
    public static int?[] Ranks(IReadOnlyList<double?> values, bool higherIsBetter)
    {
        var ranks = new int?[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
            {
                continue;
            }

            var better = values.Count(o => o is { } w && Math.Abs(w - v) > 1e-12 && (higherIsBetter ? w > v : w < v));
            ranks[i] = better + 1;
        }

        return ranks;
    }

    /// <summary>
    /// Ranks places: each indicator's value, rank and score; composite = Σ weight × score ÷ Σ weight
    /// over the indicators the place has (an indicator with no value — no population, no rated case —
    /// is left out of that place's composite and noted). Places without any value come last, unranked.
    /// </summary>
    public static IReadOnlyList<RankedPlace> Rank(IReadOnlyList<PlaceFigures> places, IReadOnlyDictionary<Indicator, double> weights)
    {
        var reference = Reference(places);
        var expected = new double?[places.Count];
        var values = places.Select((p, i) =>
        {
            var v = Values(p, reference, out var e);
            expected[i] = e;
            return v;
        }).ToArray();

        var perIndicator = new IndicatorValue[places.Count][];
        for (var i = 0; i < places.Count; i++)
        {
            perIndicator[i] = new IndicatorValue[All.Count];
        }

        foreach (var indicator in All)
        {
            var column = values.Select(v => v[(int)indicator]).ToArray();
            var present = column.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
            var (min, max) = present.Length == 0 ? (0d, 0d) : (present.Min(), present.Max());
            var ranks = Ranks(column, HigherIsBetter(indicator));
            for (var i = 0; i < places.Count; i++)
            {
                perIndicator[i][(int)indicator] = new IndicatorValue(indicator, column[i], ranks[i], Score(column[i], min, max, HigherIsBetter(indicator)));
            }
        }

        var composites = new double?[places.Count];
        var notes = new List<string>[places.Count];
        for (var i = 0; i < places.Count; i++)
        {
            notes[i] = [];
            double sum = 0, weightSum = 0;
            foreach (var iv in perIndicator[i])
            {
                var w = weights.GetValueOrDefault(iv.Indicator);
                if (w <= 0)
                {
                    continue;
                }

                if (iv.Score is { } s)
                {
                    sum += w * s;
                    weightSum += w;
                }
                else
                {
                    notes[i].Add(iv.Indicator == Indicator.IntakePer10k && places[i].Population is not > 0
                        ? "人口数未知，万人受理量未计入综合得分"
                        : $"{Label(iv.Indicator)}无数据，未计入综合得分");
                }
            }

            composites[i] = weightSum > 0 ? Math.Round(sum / weightSum, 6) : null;
        }

        var compositeRanks = Ranks(composites, higherIsBetter: true);
        return [.. places.Select((p, i) => new RankedPlace(p.Code, p.Name, p.Population, p.Registered, perIndicator[i], composites[i], compositeRanks[i], expected[i], notes[i]))
            .OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }
}
