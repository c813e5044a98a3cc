using Concord.Domain.Rankings;

namespace Concord.Web.Rankings;

/// <summary>
/// Configuration <c>Concord:Rankings</c>: the weight of each indicator in the composite score
/// (keys = <see cref="Indicator"/> names; missing keys take <see cref="RankingRules.DefaultWeights"/>;
/// 0 leaves an indicator out). Weights need not sum to 100: the composite divides by the sum of
/// the weights of the indicators a place has.
/// </summary>
public sealed class RankingOptions
{
    public Dictionary<string, double> Weights { get; set; } = [];

    public IReadOnlyDictionary<Indicator, double> Resolved()
    {
        var weights = new Dictionary<Indicator, double>(RankingRules.DefaultWeights);
        foreach (var (key, value) in Weights)
        {
            if (Enum.TryParse<Indicator>(key, ignoreCase: true, out var indicator))
            {
                weights[indicator] = Math.Max(0, value);
            }
        }

        return weights;
    }
}
