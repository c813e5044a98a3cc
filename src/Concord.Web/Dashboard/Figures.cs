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
        Add(sum, row);
        return new FigureSet(sum);
    }

    /// <summary>Adds a row's counters to <paramref name="sum"/> in place (no copy per row).</summary>
    public static void Add(long[] sum, CaseRollup row)
    {
        sum[(int)Figure.Registered] += row.Registered;
        sum[(int)Figure.Concluded] += row.Concluded;
        sum[(int)Figure.ConcludedOnTime] += row.ConcludedOnTime;
        sum[(int)Figure.Resolved] += row.Resolved;
        sum[(int)Figure.Failed] += row.Failed;
        sum[(int)Figure.Withdrawn] += row.Withdrawn;
        sum[(int)Figure.Rated] += row.Rated;
        sum[(int)Figure.Satisfied] += row.Satisfied;
        sum[(int)Figure.Urgent] += row.Urgent;
        sum[(int)Figure.RepeatDispute] += row.RepeatDispute;
        sum[(int)Figure.GroupDispute] += row.GroupDispute;
        sum[(int)Figure.ConcludedInMonth] += row.ConcludedInMonth;
        sum[(int)Figure.ResolvedInMonth] += row.ResolvedInMonth;
        sum[(int)Figure.FailedInMonth] += row.FailedInMonth;
        sum[(int)Figure.OverdueDeadlines] += row.OverdueDeadlines;
        sum[(int)Figure.EscalatedDeadlines] += row.EscalatedDeadlines;
    }

    /// <summary>The sum of some rows grouped by a key, each group summed in place.</summary>
    public static Dictionary<TKey, FigureSet> SumBy<TKey>(IEnumerable<CaseRollup> rows, Func<CaseRollup, TKey> key, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        var sums = new Dictionary<TKey, FigureSet>(comparer);
        foreach (var row in rows)
        {
            var k = key(row);
            if (!sums.TryGetValue(k, out var set))
            {
                sums[k] = set = Empty;
            }

            Add(set.Counters, row);
        }

        return sums;
    }

    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>
/// Reads of the roll-ups through the scoped context: a place's own rows by the key, its
/// children by the parent index — a handful of rows whatever the number of cases below.
/// </summary>
public static class RollupQueries
{
    // The sums are taken by the database: a county's own rows of a year are ~360 (summed: ~40),
    // its children's totals ~200 (summed: one per child); reading rows costs more app CPU than summing.
    // Grouped rows come back as CaseRollup values (not tracked) so callers sum them like rows.
    // Compiled once: the scope filter's bounds are still read from the context of each call.
    private static readonly Func<ConcordDb, string, int, int, IAsyncEnumerable<CaseRollup>> s_own = EF.CompileAsyncQuery(
        (ConcordDb db, string place, int from, int to) => db.CaseRollups.AsNoTracking()
            .Where(r => r.RegionCode == place && r.Period >= from && r.Period <= to)
            .GroupBy(r => new { r.Dim, Period = r.Dim == Rollups.Total ? r.Period : 0 })
            .Select(g => new CaseRollup
            {
                RegionCode = place,
                Period = g.Key.Period,
                Dim = g.Key.Dim,
                ParentCode = "",
                Registered = g.Sum(r => r.Registered),
                Concluded = g.Sum(r => r.Concluded),
                ConcludedOnTime = g.Sum(r => r.ConcludedOnTime),
                Resolved = g.Sum(r => r.Resolved),
                Failed = g.Sum(r => r.Failed),
                Withdrawn = g.Sum(r => r.Withdrawn),
                Rated = g.Sum(r => r.Rated),
                Satisfied = g.Sum(r => r.Satisfied),
                Urgent = g.Sum(r => r.Urgent),
                RepeatDispute = g.Sum(r => r.RepeatDispute),
                GroupDispute = g.Sum(r => r.GroupDispute),
                ConcludedInMonth = g.Sum(r => r.ConcludedInMonth),
                ResolvedInMonth = g.Sum(r => r.ResolvedInMonth),
                FailedInMonth = g.Sum(r => r.FailedInMonth),
                OverdueDeadlines = g.Sum(r => r.OverdueDeadlines),
                EscalatedDeadlines = g.Sum(r => r.EscalatedDeadlines),
            }));

    private static readonly Func<ConcordDb, string, int, int, IAsyncEnumerable<CaseRollup>> s_childTotals = EF.CompileAsyncQuery(
        (ConcordDb db, string place, int from, int to) => db.CaseRollups.AsNoTracking()
            .Where(r => r.ParentCode == place && r.Dim == Rollups.Total && r.Period >= from && r.Period <= to)
            .GroupBy(r => r.RegionCode)
            .Select(g => new CaseRollup
            {
                RegionCode = g.Key,
                Period = 0,
                Dim = Rollups.Total,
                ParentCode = place,
                Registered = g.Sum(r => r.Registered),
                Concluded = g.Sum(r => r.Concluded),
                ConcludedOnTime = g.Sum(r => r.ConcludedOnTime),
                Resolved = g.Sum(r => r.Resolved),
                Failed = g.Sum(r => r.Failed),
                Withdrawn = g.Sum(r => r.Withdrawn),
                Rated = g.Sum(r => r.Rated),
                Satisfied = g.Sum(r => r.Satisfied),
                Urgent = g.Sum(r => r.Urgent),
                RepeatDispute = g.Sum(r => r.RepeatDispute),
                GroupDispute = g.Sum(r => r.GroupDispute),
                ConcludedInMonth = g.Sum(r => r.ConcludedInMonth),
                ResolvedInMonth = g.Sum(r => r.ResolvedInMonth),
                FailedInMonth = g.Sum(r => r.FailedInMonth),
                OverdueDeadlines = g.Sum(r => r.OverdueDeadlines),
                EscalatedDeadlines = g.Sum(r => r.EscalatedDeadlines),
            }));

    // Not summed by the database: rankings and 体检表 mostly read one month, where each (place,
    // breakdown) has one row anyway and GROUP BY only adds a sort (measured slower on SQLite).
    private static readonly Func<ConcordDb, string, int, int, IAsyncEnumerable<CaseRollup>> s_children = EF.CompileAsyncQuery(
        (ConcordDb db, string place, int from, int to) => db.CaseRollups.AsNoTracking()
            .Where(r => r.ParentCode == place && r.Period >= from && r.Period <= to));

    /// <summary>A place's own rows summed by database: the total per month and each breakdown over months <paramref name="from"/>..<paramref name="to"/> (yyyyMM, inclusive), by the key: one query.</summary>
    public static Task<List<CaseRollup>> OwnRowsAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        s_own(db, place, from, to).ToListAsync(ct).AsTask();

    /// <summary>The rows of the places one level below <paramref name="place"/> (every breakdown), by the parent index.</summary>
    public static Task<List<CaseRollup>> ChildRowsAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        s_children(db, place, from, to).ToListAsync(ct).AsTask();

    /// <summary>The figures of the <see cref="Rollups.Total"/> rows among <paramref name="rows"/>.</summary>
    public static FigureSet Total(IEnumerable<CaseRollup> rows) => Sum(rows.Where(r => r.Dim == Rollups.Total));

    /// <summary>The <see cref="Rollups.Total"/> rows' figures per month.</summary>
    public static SortedDictionary<int, FigureSet> ByMonth(IEnumerable<CaseRollup> rows) =>
        new(FigureSet.SumBy(rows.Where(r => r.Dim == Rollups.Total), r => r.Period));

    /// <summary>The figures by one breakdown (<see cref="Rollups.CategoryPrefix"/>, channel, risk), keyed by the value after the prefix.</summary>
    public static Dictionary<string, FigureSet> ByDim(IEnumerable<CaseRollup> rows, string prefix) =>
        FigureSet.SumBy(rows.Where(r => r.Dim.StartsWith(prefix, StringComparison.Ordinal)), r => r.Dim[prefix.Length..], StringComparer.Ordinal);

    /// <summary>The figures of each place one level below <paramref name="place"/> that had any case (within the reader's scope).</summary>
    public static async Task<Dictionary<string, FigureSet>> ChildrenAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        FigureSet.SumBy(await s_childTotals(db, place, from, to).ToListAsync(ct), r => r.RegionCode, StringComparer.Ordinal);

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
            FigureSet.Add(sum.Counters, row);
        }

        return sum;
    }
}
