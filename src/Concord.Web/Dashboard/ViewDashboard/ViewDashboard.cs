using System.Globalization;
using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Domain.Deadlines;
using Concord.Domain.Regions;
using Concord.Web.Cases.ListCases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Dashboard.ViewDashboard;

/// <summary>
/// 领导驾驶舱: a place's figures over a range of months, by month and breakdown, and its children
/// for drill-down — all read from the roll-ups. Every count carries the case-list filter that
/// lists the cases behind it (same total). Places outside the user's subtree are 404.
/// </summary>
public static class ViewDashboard
{
    /// <summary>How many rows the red-flag and overdue lists show.</summary>
    public const int ListSize = 20;

    public sealed record Query(string? Place, string? From, string? To);

    public sealed record Crumb(string Code, string Name, string Level);

    public sealed record PlaceInfo(string Code, string Name, string Level, string LevelLabel, bool IsVillage, IReadOnlyList<Crumb> Breadcrumb);

    /// <summary>A count and the case-list query string behind it (null when it counts deadlines, not cases).</summary>
    public sealed record Count(long Value, string? Cases);

    /// <summary>A rate (null when its base is zero, shown “—”) with its part and base.</summary>
    public sealed record Rate(double? Value, Count Part, Count Base);

    public sealed record Kpis(Count Registered, Count Concluded, Count Open, Rate ConcludedRate, Rate OnTimeRate, Rate SuccessRate,
        Rate SatisfactionRate, Count Urgent, Count Repeat, Count Group, long OverdueDeadlines, long EscalatedDeadlines);

    public sealed record Month(string Period, Count Registered, Count ConcludedInMonth);

    public sealed record Slice(string Key, string Label, Count Registered, Count Concluded);

    public sealed record Child(string Code, string Name, string Level, Count Registered, Count Concluded, Count Open, double? ConcludedRate,
        Count Urgent, long OverdueDeadlines, string Link)
    {
        /// <summary>Where to draw it on the map: its point, or the mean of its villages' points (county and town level only).</summary>
        public double? Latitude { get; init; }

        public double? Longitude { get; init; }
    }

    public sealed record RedFlag(string Code, string Summary, string RiskLevel, string RiskLabel, string RegionCode, DateTime DutyListedAt);

    public sealed record Overdue(string CaseCode, string Stage, string Step, string RegionCode, DateTime DueAt);

    public sealed record Result(PlaceInfo Place, string From, string To, Kpis Kpis, IReadOnlyList<Month> Months,
        IReadOnlyList<Slice> Categories, IReadOnlyList<Slice> Channels, IReadOnlyList<Slice> Risks, IReadOnlyList<Child> Children,
        IReadOnlyList<RedFlag> RedFlags, IReadOnlyList<Overdue> OverdueList);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var (from, to) = Months(query, clock);
            var home = RollupQueries.HomePlace(actor);
            var code = string.IsNullOrWhiteSpace(query.Place) ? home : query.Place.Trim();
            code ??= await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Province).OrderBy(r => r.Code)
                .Select(r => r.Code).FirstOrDefaultAsync(ct);
            if (code is null || !RegionCode.TryGetLevel(code, out var level) || level > RegionLevel.Village || !actor.Sees(code))
            {
                throw new NotFoundException("该地区");
            }

            var lineage = RegionCode.Lineage(code).Where(c => actor.Sees(c)).ToList();
            var names = await db.Regions.AsNoTracking().Where(r => lineage.Contains(r.Code) || r.ParentCode == code)
                .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode }).ToListAsync(ct);
            var self = names.FirstOrDefault(r => r.Code == code) ?? throw new NotFoundException("该地区");
            var breadcrumb = lineage.Select(c => names.FirstOrDefault(n => n.Code == c)).Where(n => n is not null)
                .Select(n => new Crumb(n!.Code, n.Name, n.Level.ToString())).ToList();
            var place = new PlaceInfo(code, self.Name, level.ToString(), LevelLabel(level), level == RegionLevel.Village, breadcrumb);

            var fromDay = new DateOnly(from / 100, from % 100, 1);
            var toDay = new DateOnly(to / 100, to % 100, 1).AddMonths(1).AddDays(-1);
            var cohort = new ListCases.Query(null, null, null, null, fromDay, toDay) { Place = code };
            Count C(long value, ListCases.Query q) => new(value, q.ToQueryString());

            // One read of the place's own rows (total and every breakdown) serves the KPIs, months and slices.
            var own = await RollupQueries.OwnRowsAsync(db, code, from, to, ct);
            var total = RollupQueries.Total(own);
            var concluded = cohort with { Concluded = true };
            var kpis = new Kpis(
                C(total.Registered, cohort),
                C(total.Concluded, concluded),
                C(total.Open, cohort with { Concluded = false }),
                new Rate(total.ConcludedRate, C(total.Concluded, concluded), C(total.Registered, cohort)),
                new Rate(total.OnTimeRate, C(total[Figure.ConcludedOnTime], cohort with { OnTime = true }), C(total.Concluded, concluded)),
                new Rate(total.SuccessRate, C(total[Figure.Resolved], cohort with { Outcome = "resolved" }),
                    new Count(total[Figure.Resolved] + total[Figure.Failed], null)),
                new Rate(total.SatisfactionRate, C(total[Figure.Satisfied], cohort with { Satisfied = true }), C(total[Figure.Rated], cohort with { Rated = true })),
                C(total[Figure.Urgent], cohort with { Urgent = true }),
                C(total[Figure.RepeatDispute], cohort with { Repeat = true }),
                C(total[Figure.GroupDispute], cohort with { Group = true }),
                total[Figure.OverdueDeadlines],
                total[Figure.EscalatedDeadlines]);

            var byMonth = RollupQueries.ByMonth(own);
            var months = new List<Month>();
            for (var p = from; p <= to; p = RollupQueries.AddMonths(p, 1))
            {
                var figures = byMonth.GetValueOrDefault(p) ?? FigureSet.Empty;
                var first = new DateOnly(p / 100, p % 100, 1);
                var last = first.AddMonths(1).AddDays(-1);
                var monthCases = new ListCases.Query(null, null, null, null, null, null) { Place = code };
                months.Add(new Month(first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    C(figures.Registered, monthCases with { From = first, To = last }),
                    C(figures[Figure.ConcludedInMonth], monthCases with { ConcludedFrom = first, ConcludedTo = last })));
            }

            var categories = RollupQueries.ByDim(own, Rollups.CategoryPrefix)
                .Where(kv => kv.Value.Registered > 0).OrderByDescending(kv => kv.Value.Registered).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => Slice(kv.Key, Domain.Cases.Categories.NameOf(kv.Key), kv.Value, cohort with { CategoryCode = kv.Key })).ToList();
            // Villages keep only the total and category breakdowns (see Rollups.Contributions).
            var channels = level == RegionLevel.Village ? [] : RollupQueries.ByDim(own, Rollups.ChannelPrefix)
                .Where(kv => kv.Value.Registered > 0 && Enum.TryParse<Channel>(kv.Key, out _))
                .OrderByDescending(kv => kv.Value.Registered).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv =>
                {
                    var channel = Enum.Parse<Channel>(kv.Key);
                    return Slice(Domain.Cases.Channels.Code(channel), Domain.Cases.Channels.Label(channel), kv.Value, cohort with { Channel = Domain.Cases.Channels.Code(channel) });
                }).ToList();
            var risks = level == RegionLevel.Village ? [] : RollupQueries.ByDim(own, Rollups.RiskPrefix)
                .Where(kv => kv.Value.Registered > 0 && Enum.TryParse<RiskLevel>(kv.Key, out _))
                .OrderByDescending(kv => Enum.Parse<RiskLevel>(kv.Key))
                .Select(kv => Slice(kv.Key, CaseLabels.Of(Enum.Parse<RiskLevel>(kv.Key)), kv.Value, cohort with { Risk = kv.Key })).ToList();

            var childFigures = level == RegionLevel.Village ? [] : await RollupQueries.ChildrenAsync(db, code, from, to, ct);
            var points = await PointsAsync(db, code, level, ct);
            var children = names.Where(n => n.ParentCode == code && n.Level <= RegionLevel.Village).OrderBy(n => n.Code, StringComparer.Ordinal)
                .Select(n =>
                {
                    var hasPoint = points.TryGetValue(n.Code, out var point);
                    var f = childFigures.GetValueOrDefault(n.Code) ?? FigureSet.Empty;
                    var childCohort = cohort with { Place = n.Code };
                    return new Child(n.Code, n.Name, n.Level.ToString(), C(f.Registered, childCohort), C(f.Concluded, childCohort with { Concluded = true }),
                        C(f.Open, childCohort with { Concluded = false }), f.ConcludedRate, C(f[Figure.Urgent], childCohort with { Urgent = true }),
                        f[Figure.OverdueDeadlines], $"/dashboard?place={n.Code}&from={Ym(from)}&to={Ym(to)}")
                    {
                        Latitude = hasPoint ? point.Latitude : null,
                        Longitude = hasPoint ? point.Longitude : null,
                    };
                })
                .OrderByDescending(c => c.Registered.Value).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();

            return new Result(place, Ym(from), Ym(to), kpis, months, categories, channels, risks, children,
                await RedFlagsAsync(db, code, ct), await OverdueAsync(db, code, ct));
        }

        /// <summary>The red-flag list alone (open cases on the duty list), for the live fragment.</summary>
        public static async Task<IReadOnlyList<RedFlag>> RedFlagsAsync(ConcordDb db, string place, CancellationToken ct)
        {
            var rows = await db.Cases.AsNoTracking()
                .Where(c => c.RegionCode.StartsWith(place) && c.DutyListedAt != null
                    && c.Status != CaseStatus.Closed && c.Status != CaseStatus.NoAgreement && c.Status != CaseStatus.Withdrawn)
                .OrderByDescending(c => c.DutyListedAt).ThenByDescending(c => c.Id).Take(ListSize)
                .Select(c => new { c.Code, c.Summary, c.RiskLevel, c.RegionCode, c.DutyListedAt }).ToListAsync(ct);
            return rows.Select(c => new RedFlag(c.Code, c.Summary, c.RiskLevel.ToString(), CaseLabels.Of(c.RiskLevel), c.RegionCode, c.DutyListedAt!.Value)).ToList();
        }

        // Steps are stored by name: compare for equality in SQL ('Escalated' < 'Warned' as text).
        private static async Task<IReadOnlyList<Overdue>> OverdueAsync(ConcordDb db, string place, CancellationToken ct)
        {
            var rows = await db.CaseDeadlines.AsNoTracking()
                .Where(d => d.RegionCode.StartsWith(place) && d.MetAt == null && (d.Step == DeadlineStep.Warned || d.Step == DeadlineStep.Escalated))
                .OrderByDescending(d => d.DueAt).ThenByDescending(d => d.Id).Take(ListSize)
                .Join(db.Cases, d => d.CaseId, c => c.Id, (d, c) => new { c.Code, d.Stage, d.Step, d.RegionCode, d.DueAt })
                .ToListAsync(ct);
            return rows.Select(r => new Overdue(r.Code, r.Stage.ToString(), r.Step == DeadlineStep.Escalated ? "已升级督办" : "已超期", r.RegionCode, r.DueAt)).ToList();
        }

        /// <summary>
        /// Map points of the children: village centroids (regions' own points, Open311/RegionLocation),
        /// towns as the mean of their villages. Only below a city: a province or city would read
        /// every village point of its area.
        /// </summary>
        private static async Task<Dictionary<string, (double Latitude, double Longitude)>> PointsAsync(ConcordDb db, string place, RegionLevel level, CancellationToken ct)
        {
            if (level is not (RegionLevel.County or RegionLevel.Town))
            {
                return [];
            }

            var villageLength = RegionCode.LengthOf(RegionLevel.Village);
            var childLength = RegionCode.LengthOf(level + 1);
            var rows = await db.RegionLocations.AsNoTracking()
                .Where(l => l.RegionCode.StartsWith(place) && l.RegionCode.Length == villageLength)
                .Select(l => new { l.RegionCode, l.Latitude, l.Longitude }).ToListAsync(ct);
            return rows.GroupBy(r => r.RegionCode[..childLength])
                .ToDictionary(g => g.Key, g => (g.Average(r => r.Latitude), g.Average(r => r.Longitude)), StringComparer.Ordinal);
        }

        private static Slice Slice(string key, string label, FigureSet f, ListCases.Query q) =>
            new(key, label, new Count(f.Registered, q.ToQueryString()), new Count(f.Concluded, (q with { Concluded = true }).ToQueryString()));
    }

    /// <summary>The month range asked for, or the last 12 months up to the current one (China time).</summary>
    public static (int From, int To) Months(Query query, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var current = Rollups.PeriodOf(clock.GetUtcNow().UtcDateTime);
        var to = ParseMonth(query.To, "to", errors) ?? current;
        var from = ParseMonth(query.From, "from", errors) ?? RollupQueries.AddMonths(to, -11);
        if (errors.Count == 0 && from > to)
        {
            errors["from"] = ["起始月份不能晚于截止月份。"];
        }

        if (errors.Count == 0 && RollupQueries.AddMonths(from, 120) <= to)
        {
            errors["from"] = ["时间范围最长 10 年。"];
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : (from, to);
    }

    public static string Ym(int period) => $"{period / 100:0000}-{period % 100:00}";

    public static string LevelLabel(RegionLevel level) => level switch
    {
        RegionLevel.Province => "省",
        RegionLevel.City => "市",
        RegionLevel.County => "县（市、区）",
        RegionLevel.Town => "乡镇（街道）",
        RegionLevel.Village => "村（社区）",
        _ => level.ToString(),
    };

    private static int? ParseMonth(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000)
        {
            return RollupQueries.Period(day);
        }

        errors[field] = ["月份格式应为 yyyy-MM，例如 2026-03。"];
        return null;
    }
}
