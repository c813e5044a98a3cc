using Concord.Domain.Dashboard;
using Concord.Domain.Rankings;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.Extensions.Options;

namespace Concord.Web.Rankings.ViewRankings;

/// <summary>
/// 月晾晒、季排位: the places one level below a place ranked on normalised indicators and a
/// weighted composite, with the change from the previous period. Reads only roll-ups.
/// </summary>
public static class ViewRankings
{
    public sealed record Query(string? Place, string? Period, string? Kind);

    /// <summary>One indicator of a row: value (null = “—”), rank, 0–100 score; previous period's value and rank; value delta.</summary>
    public sealed record Cell(string Key, string Label, double? Value, int? Rank, double? Score, double? PreviousValue, int? PreviousRank, double? Delta);

    /// <summary>
    /// A ranked place. <c>RankChange</c> &gt; 0 = moved up (↑) that many places since the previous
    /// period; null when either period has no rank.
    /// </summary>
    public sealed record Row(
        string Code,
        string Name,
        int? Population,
        long Registered,
        double? Composite,
        int? Rank,
        int? PreviousRank,
        int? RankChange,
        double? CompositeDelta,
        double? ExpectedSuccessRate,
        IReadOnlyList<Cell> Indicators,
        IReadOnlyList<string> Notes);

    public sealed record Weight(string Key, string Label, double Value, bool HigherIsBetter);

    public sealed record Result(
        string Place,
        string PlaceName,
        string Period,
        string Kind,
        string PeriodLabel,
        string PreviousLabel,
        IReadOnlyList<Row> Rows,
        IReadOnlyList<Weight> Weights,
        string? Note);

    public sealed class Handler(ConcordDb db, CurrentActor current, TimeProvider clock, IOptions<RankingOptions> options)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct)
        {
            var period = PlaceFiguresReader.Period(query.Period, query.Kind, clock);
            var place = await PlaceFiguresReader.PlaceAsync(db, current.Actor, query.Place, ct);
            var weights = options.Value.Resolved();
            var previous = period.Previous();
            var now = await RankAsync(place, period, weights, ct);
            var before = (await RankAsync(place, previous, weights, ct)).ToDictionary(r => r.Code, StringComparer.Ordinal);
            var rows = now.Select(r =>
            {
                before.TryGetValue(r.Code, out var p);
                var cells = r.Indicators.Select(iv =>
                {
                    var pv = p?[iv.Indicator];
                    return new Cell(Key(iv.Indicator), RankingRules.Label(iv.Indicator), iv.Value, iv.Rank, iv.Score, pv?.Value, pv?.Rank,
                        iv.Value is { } v && pv?.Value is { } w ? v - w : null);
                }).ToList();
                return new Row(r.Code, r.Name, r.Population is { } pop ? (int)pop : null, r.Registered, r.Composite, r.Rank, p?.Rank,
                    r.Rank is { } a && p?.Rank is { } b ? b - a : null,
                    r.Composite is { } c && p?.Composite is { } d ? c - d : null,
                    r.ExpectedSuccessRate, cells, r.Notes);
            }).ToList();
            var note = place.Region.Level >= RegionLevel.Village ? "村（社区）以下不再排名，请选择县或乡镇。" : null;
            return new Result(place.Region.Code, place.Region.Name, period.Value, period.KindCode, period.Label, previous.Label, rows,
                [.. RankingRules.All.Select(i => new Weight(Key(i), RankingRules.Label(i), weights.GetValueOrDefault(i), RankingRules.HigherIsBetter(i)))], note);
        }

        private async Task<IReadOnlyList<RankedPlace>> RankAsync(PlaceFiguresReader.Place place, ReportPeriod period, IReadOnlyDictionary<Indicator, double> weights, CancellationToken ct)
        {
            if (place.Children.Count == 0)
            {
                return [];
            }

            var figures = await PlaceFiguresReader.ChildrenAsync(db, place.Region.Code, period.From, period.To, ct);
            var places = place.Children.Select(c =>
            {
                var f = figures.GetValueOrDefault(c.Code);
                var t = f?.Total ?? Dashboard.FigureSet.Empty;
                return new PlaceFigures(c.Code, c.Name, c.ResidentPopulation, t.Registered, t.Concluded, t[Figure.ConcludedOnTime], t[Figure.Resolved], t[Figure.Failed],
                    t[Figure.Rated], t[Figure.Satisfied], t[Figure.OverdueDeadlines], f is null ? new Dictionary<string, Judged>() : PlaceFiguresReader.Categories(f));
            }).ToList();
            return RankingRules.Rank(places, weights);
        }
    }

    public static string Key(Indicator indicator) => char.ToLowerInvariant(indicator.ToString()[0]) + indicator.ToString()[1..];
}
