using Concord.Domain.Dashboard;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Dashboard;

/// <summary>
/// Summed roll-up counters of some rows (a place over a range of months, a breakdown value, a
/// child place) and the rates leaders read. Rates are null when their base is zero (shown as
/// “—”, never as 0 %).
/// </summary>
public sealed record FigureSet(long[] Counters)
{
    public static FigureSet Empty => new(new long[Rollups.FigureCount]);

    public long this[Figure figure] => Counters[(int)figure];

    public long Registered => this[Figure.Registered];

    public long Concluded => this[Figure.Concluded];

    /// <summary>Registered in the period and not concluded (yet).</summary>
    public long Open => Registered - Concluded;

    /// <summary>办结率 = concluded ÷ registered (cases registered in the period).</summary>
    public double? ConcludedRate => Rate(Concluded, Registered);

    /// <summary>按期办结率 = concluded with no deadline ever overdue ÷ concluded.</summary>
    public double? OnTimeRate => Rate(this[Figure.ConcludedOnTime], Concluded);

    /// <summary>化解成功率 = resolved ÷ (resolved + failed); withdrawn cases are not judged.</summary>
    public double? SuccessRate => Rate(this[Figure.Resolved], this[Figure.Resolved] + this[Figure.Failed]);

    /// <summary>满意率 = satisfied or basically satisfied ÷ rated.</summary>
    public double? SatisfactionRate => Rate(this[Figure.Satisfied], this[Figure.Rated]);

    public FigureSet Plus(CaseRollup row)
    {
        var sum = (long[])Counters.Clone();
        foreach (var figure in Enum.GetValues<Figure>())
        {
            sum[(int)figure] += row[figure];
        }

        return new FigureSet(sum);
    }

    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>
/// Reads of the roll-ups through the scoped context: a place's own rows by the key, its
/// children by the parent index — a handful of rows whatever the number of cases below.
/// </summary>
public static class RollupQueries
{
    /// <summary>A place's figures over months <paramref name="from"/>..<paramref name="to"/> (yyyyMM, inclusive).</summary>
    public static async Task<FigureSet> TotalAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        Sum(await db.CaseRollups.AsNoTracking()
            .Where(r => r.RegionCode == place && r.Period >= from && r.Period <= to && r.Dim == Rollups.Total).ToListAsync(ct));

    /// <summary>A place's figures per month.</summary>
    public static async Task<SortedDictionary<int, FigureSet>> ByMonthAsync(ConcordDb db, string place, int from, int to, CancellationToken ct)
    {
        var rows = await db.CaseRollups.AsNoTracking()
            .Where(r => r.RegionCode == place && r.Period >= from && r.Period <= to && r.Dim == Rollups.Total).ToListAsync(ct);
        return new SortedDictionary<int, FigureSet>(rows.GroupBy(r => r.Period).ToDictionary(g => g.Key, g => Sum(g)));
    }

    /// <summary>A place's figures by one breakdown (<see cref="Rollups.CategoryPrefix"/>, channel, risk), keyed by the value after the prefix.</summary>
    public static async Task<Dictionary<string, FigureSet>> ByDimAsync(ConcordDb db, string place, int from, int to, string prefix, CancellationToken ct)
    {
        var rows = await db.CaseRollups.AsNoTracking()
            .Where(r => r.RegionCode == place && r.Period >= from && r.Period <= to && r.Dim.StartsWith(prefix)).ToListAsync(ct);
        return rows.GroupBy(r => r.Dim[prefix.Length..]).ToDictionary(g => g.Key, g => Sum(g), StringComparer.Ordinal);
    }

    /// <summary>The figures of each place one level below <paramref name="place"/> that had any case (within the reader's scope).</summary>
    public static async Task<Dictionary<string, FigureSet>> ChildrenAsync(ConcordDb db, string place, int from, int to, CancellationToken ct)
    {
        var rows = await db.CaseRollups.AsNoTracking()
            .Where(r => r.ParentCode == place && r.Dim == Rollups.Total && r.Period >= from && r.Period <= to).ToListAsync(ct);
        return rows.GroupBy(r => r.RegionCode).ToDictionary(g => g.Key, g => Sum(g), StringComparer.Ordinal);
    }

    /// <summary>
    /// The place a user's figures start from: their scope, no finer than a village (grids and
    /// 十联户 are counted in their village); a system-wide reader starts from a province.
    /// </summary>
    public static string? HomePlace(Shared.Actor actor)
    {
        var scope = actor.ScopeCode;
        if (string.IsNullOrEmpty(scope) || !RegionCode.TryGetLevel(scope, out var level))
        {
            return null;
        }

        return level > RegionLevel.Village ? scope[..RegionCode.LengthOf(RegionLevel.Village)] : scope;
    }

    public static int Period(DateOnly month) => (month.Year * 100) + month.Month;

    public static int AddMonths(int period, int months)
    {
        var total = (period / 100 * 12) + (period % 100 - 1) + months;
        return (total / 12 * 100) + (total % 12) + 1;
    }

    private static FigureSet Sum(IEnumerable<CaseRollup> rows)
    {
        var sum = FigureSet.Empty;
        foreach (var row in rows)
        {
            sum = sum.Plus(row);
        }

        return sum;
    }
}
