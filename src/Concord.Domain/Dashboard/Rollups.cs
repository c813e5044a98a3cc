using Concord.Domain.Cases;
using Concord.Domain.Regions;

namespace Concord.Domain.Dashboard;

/// <summary>How a concluded case ended (办结方式).</summary>
public enum CaseOutcome
{
    /// <summary>化解成功: an agreement, performed (or confirmed), the case closed.</summary>
    Resolved,

    /// <summary>调解不成: mediation ended without agreement (litigation or another route follows).</summary>
    Failed,

    /// <summary>撤回/终止: the applicant withdrew.</summary>
    Withdrawn,
}

/// <summary>
/// The counters a roll-up row holds. Cohort counters belong to the month the case was
/// registered (of the cases registered in March, how many are concluded, on time, resolved,
/// rated, satisfied); the <c>…InMonth</c> counters belong to the month the case concluded, and
/// the deadline counters to the month the deadline fell due. Order = column order; never reorder.
/// </summary>
public enum Figure
{
    Registered,
    Concluded,
    ConcludedOnTime,
    Resolved,
    Failed,
    Withdrawn,
    Rated,
    Satisfied,
    Urgent,
    RepeatDispute,
    GroupDispute,
    ConcludedInMonth,
    ResolvedInMonth,
    FailedInMonth,
    OverdueDeadlines,
    EscalatedDeadlines,
}

/// <summary>What of a case the roll-ups read. A pure snapshot: the same facts always count the same.</summary>
public sealed record CaseFigureFacts(
    string VillageCode,
    string CategoryCode,
    Channel Channel,
    RiskLevel Risk,
    DateTime RegisteredAt,
    CaseStatus Status,
    DateTime? ConcludedAt,
    CaseOutcome? Outcome,
    bool ConcludedOnTime,
    bool Rated,
    bool Satisfied,
    bool Urgent,
    bool Repeat,
    bool Group);

/// <summary>What of a deadline the roll-ups read: where, when due, whether it went overdue and was escalated.</summary>
public sealed record DeadlineFigureFacts(string RegionCode, DateTime DueAt, bool Overdue, bool Escalated);

/// <summary>A roll-up row's key: a place at any level (village up to province), a month (yyyyMM, China time) and a breakdown.</summary>
public readonly record struct RollupKey(string RegionCode, int Period, string Dim);

/// <summary>
/// Incrementally maintained figures (办结率、按期办结率、化解成功率、满意率 …) per place, month and
/// breakdown. A case contributes to its village and every place above it; a change of a case
/// counts as its new contribution minus its old one, so the stored sums always equal a full
/// recount (<see cref="Contributions(CaseFigureFacts)"/> summed over all cases).
/// </summary>
public static class Rollups
{
    public static readonly int FigureCount = Enum.GetValues<Figure>().Length;

    /// <summary>The breakdown of all cases of a place and month.</summary>
    public const string Total = "";

    public const string CategoryPrefix = "c:";
    public const string ChannelPrefix = "h:";
    public const string RiskPrefix = "r:";

    /// <summary>China Standard Time has no daylight saving: months are cut at UTC+8.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static int PeriodOf(DateTime utc)
    {
        var local = utc + ChinaOffset;
        return (local.Year * 100) + local.Month;
    }

    public static string CategoryDim(string code) => CategoryPrefix + code;

    public static string ChannelDim(Channel channel) => ChannelPrefix + channel;

    public static string RiskDim(RiskLevel risk) => RiskPrefix + risk;

    /// <summary>Concluded (办结) = the handling ended: closed, mediation failed, or withdrawn.</summary>
    public static bool IsConcluded(CaseStatus status) => status is CaseStatus.Closed or CaseStatus.NoAgreement or CaseStatus.Withdrawn;

    /// <summary>
    /// How a case ends when it moves <paramref name="from"/> → <paramref name="to"/>: a failed or
    /// withdrawn case keeps that outcome when it is later closed; anything else closed was resolved.
    /// Null while the case is not concluded (a reopened case loses its outcome).
    /// </summary>
    public static CaseOutcome? OutcomeAfter(CaseStatus from, CaseStatus to, CaseOutcome? current) => to switch
    {
        CaseStatus.NoAgreement => CaseOutcome.Failed,
        CaseStatus.Withdrawn => CaseOutcome.Withdrawn,
        CaseStatus.Closed => from switch
        {
            CaseStatus.NoAgreement => CaseOutcome.Failed,
            CaseStatus.Withdrawn => CaseOutcome.Withdrawn,
            CaseStatus.Closed => current ?? CaseOutcome.Resolved,
            _ => CaseOutcome.Resolved,
        },
        _ => null,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> s_places = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_categoryDims = new(StringComparer.Ordinal);
    private static readonly string[] s_channelDims = [.. Enum.GetValues<Channel>().Select(c => ChannelPrefix + c)];
    private static readonly string[] s_riskDims = [.. Enum.GetValues<RiskLevel>().Select(r => RiskPrefix + r)];

    /// <summary>The places a village's figures add up into: the village, its town, county, city and province.</summary>
    public static IReadOnlyList<string> PlacesOf(string regionCode) => s_places.GetOrAdd(regionCode, static code =>
    {
        var level = RegionCode.LevelOf(code);
        var village = level > RegionLevel.Village ? code[..RegionCode.LengthOf(RegionLevel.Village)] : code;
        return [.. RegionCode.Lineage(village)];
    });

    /// <summary>Everything one case adds to the roll-ups (each pair is +1).</summary>
    public static IEnumerable<(RollupKey Key, Figure Figure)> Contributions(CaseFigureFacts c)
    {
        var list = new List<(RollupKey, Figure)>();
        Contribute(c, (key, figures) =>
        {
            foreach (var f in figures)
            {
                list.Add((key, f));
            }
        });
        return list;
    }

    /// <summary>Everything one deadline adds: overdue and escalated, in the month it fell due.</summary>
    public static IEnumerable<(RollupKey Key, Figure Figure)> Contributions(DeadlineFigureFacts d)
    {
        var list = new List<(RollupKey, Figure)>();
        Contribute(d, (key, figures) =>
        {
            foreach (var f in figures)
            {
                list.Add((key, f));
            }
        });
        return list;
    }

    /// <summary>A receiver of contributions: a row key and the figures it gains (+1 each).</summary>
    public delegate void Sink(RollupKey key, ReadOnlySpan<Figure> figures);

    /// <summary>The contributions of one case, key by key (the rules; <see cref="Contributions(CaseFigureFacts)"/> lists them).</summary>
    public static void Contribute(CaseFigureFacts c, Sink sink)
    {
        var registered = PeriodOf(c.RegisteredAt);
        var concluded = IsConcluded(c.Status);
        Span<Figure> cohort = stackalloc Figure[10];
        var n = 0;
        cohort[n++] = Figure.Registered;
        if (concluded)
        {
            cohort[n++] = Figure.Concluded;
            if (c.ConcludedOnTime)
            {
                cohort[n++] = Figure.ConcludedOnTime;
            }

            switch (c.Outcome)
            {
                case CaseOutcome.Resolved:
                    cohort[n++] = Figure.Resolved;
                    break;
                case CaseOutcome.Failed:
                    cohort[n++] = Figure.Failed;
                    break;
                case CaseOutcome.Withdrawn:
                    cohort[n++] = Figure.Withdrawn;
                    break;
            }
        }

        if (c.Rated)
        {
            cohort[n++] = Figure.Rated;
            if (c.Satisfied)
            {
                cohort[n++] = Figure.Satisfied;
            }
        }

        if (c.Urgent)
        {
            cohort[n++] = Figure.Urgent;
        }

        if (c.Repeat)
        {
            cohort[n++] = Figure.RepeatDispute;
        }

        if (c.Group)
        {
            cohort[n++] = Figure.GroupDispute;
        }

        ReadOnlySpan<Figure> cohortFigures = cohort[..n];
        Span<Figure> closing = stackalloc Figure[2];
        var m = 0;
        if (concluded && c.ConcludedAt is not null)
        {
            closing[m++] = Figure.ConcludedInMonth;
            if (c.Outcome == CaseOutcome.Resolved)
            {
                closing[m++] = Figure.ResolvedInMonth;
            }
            else if (c.Outcome == CaseOutcome.Failed)
            {
                closing[m++] = Figure.FailedInMonth;
            }
        }

        var categoryDim = s_categoryDims.GetOrAdd(c.CategoryCode, static code => CategoryPrefix + code);
        var channelDim = (int)c.Channel < s_channelDims.Length ? s_channelDims[(int)c.Channel] : ChannelDim(c.Channel);
        var riskDim = (int)c.Risk < s_riskDims.Length ? s_riskDims[(int)c.Risk] : RiskDim(c.Risk);
        var concludedPeriod = c.ConcludedAt is { } at ? PeriodOf(at) : 0;
        var places = (string[])PlacesOf(c.VillageCode);
        for (var i = 0; i < places.Length; i++)
        {
            var place = places[i];
            // Villages keep the total and the category breakdown; towns and above also channel and risk.
            sink(new RollupKey(place, registered, Total), cohortFigures);
            sink(new RollupKey(place, registered, categoryDim), cohortFigures);
            if (i < places.Length - 1)
            {
                sink(new RollupKey(place, registered, channelDim), cohortFigures);
                sink(new RollupKey(place, registered, riskDim), cohortFigures);
            }

            if (m > 0)
            {
                sink(new RollupKey(place, concludedPeriod, Total), closing[..m]);
            }
        }
    }

    /// <summary>The contributions of one deadline: overdue and escalated, in the month it fell due.</summary>
    public static void Contribute(DeadlineFigureFacts d, Sink sink)
    {
        if (!d.Overdue && !d.Escalated)
        {
            return;
        }

        Span<Figure> figures = stackalloc Figure[2];
        var n = 0;
        if (d.Overdue)
        {
            figures[n++] = Figure.OverdueDeadlines;
        }

        if (d.Escalated)
        {
            figures[n++] = Figure.EscalatedDeadlines;
        }

        var period = PeriodOf(d.DueAt);
        foreach (var place in PlacesOf(d.RegionCode))
        {
            sink(new RollupKey(place, period, Total), figures[..n]);
        }
    }
}

/// <summary>Counter changes gathered over a transaction, keyed by roll-up row; zero rows are dropped on read.</summary>
public sealed class RollupDelta
{
    private readonly Dictionary<RollupKey, long[]> _rows = [];

    public bool IsEmpty => !Rows.Any();

    /// <summary>Non-zero rows only.</summary>
    public IEnumerable<KeyValuePair<RollupKey, long[]>> Rows => _rows.Where(r => r.Value.Any(v => v != 0));

    public void Add(CaseFigureFacts? before, CaseFigureFacts? after) => Change(before, after, Rollups.Contribute);

    public void Add(DeadlineFigureFacts? before, DeadlineFigureFacts? after) => Change(before, after, Rollups.Contribute);

    /// <summary>A change counts as the new contribution minus the old one.</summary>
    private void Change<T>(T? before, T? after, Action<T, Rollups.Sink> contribute)
        where T : class
    {
        if (EqualityComparer<T>.Default.Equals(before, after))
        {
            return;
        }

        if (before is not null)
        {
            contribute(before, _subtract);
        }

        if (after is not null)
        {
            contribute(after, _add);
        }
    }

    /// <summary>Adds whole rows (e.g. a recount) to the delta.</summary>
    public void AddRows(IEnumerable<KeyValuePair<RollupKey, long[]>> rows)
    {
        foreach (var (key, values) in rows)
        {
            if (!_rows.TryGetValue(key, out var counters))
            {
                _rows[key] = counters = new long[Rollups.FigureCount];
            }

            for (var i = 0; i < values.Length; i++)
            {
                counters[i] += values[i];
            }
        }
    }

    public void Clear() => _rows.Clear();

    private readonly Rollups.Sink _add;
    private readonly Rollups.Sink _subtract;

    public RollupDelta()
    {
        _add = (key, figures) => Apply(key, figures, +1);
        _subtract = (key, figures) => Apply(key, figures, -1);
    }

    private void Apply(RollupKey key, ReadOnlySpan<Figure> figures, int sign)
    {
        ref var counters = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rows, key, out _);
        counters ??= new long[Rollups.FigureCount];
        foreach (var figure in figures)
        {
            counters[(int)figure] += sign;
        }
    }
}
