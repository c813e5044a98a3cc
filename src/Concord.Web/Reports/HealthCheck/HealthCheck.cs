using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Web.Dashboard;
using Concord.Web.Persistence;
using Concord.Web.Rankings;
using Concord.Web.Shared;

namespace Concord.Web.Reports.HealthCheck;

/// <summary>
/// 矛盾纠纷化解工作体检表: one row per child place and a total row, for a month, quarter or year
/// (the sum of its months) — 排查数据 (registered by channel, grid-reported, repeat and group
/// disputes), 调解情况, 满意率, overdue and escalated deadlines. Reads only roll-ups.
/// </summary>
public static class HealthCheck
{
    public sealed record Query(string? Place, string? Period, string? Kind);

    public enum Format
    {
        Number,
        Percent,
    }

    public sealed record Column(string Key, string Group, string Header, Format Format);

    /// <summary>A row: values in column order (null = “—”: no base, or a breakdown not kept at that level).</summary>
    public sealed record Row(string Code, string Name, bool IsTotal, IReadOnlyList<double?> Values);

    public sealed record Result(string Place, string PlaceName, string Period, string Kind, string PeriodLabel, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<Row> Rows, string? Note)
    {
        public string FileName => $"{PlaceName}-{PeriodLabel}-体检表.xlsx";
    }

    private static readonly (Channel Channel, string Header)[] s_channels =
    [
        (Channel.Grid, "网格上报"), (Channel.HouseholdHead, "联户长上报"), (Channel.Window, "窗口受理"),
        (Channel.Hotline12345, "12345热线"), (Channel.Police110, "110警调"),
    ];

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("registered", "排查数据", "受理总数", Format.Number),
        .. s_channels.Select(c => new Column("channel." + Channels.Code(c.Channel), "排查数据", c.Header, Format.Number)),
        new("otherChannels", "排查数据", "其他渠道", Format.Number),
        new("repeatDispute", "排查数据", "重复纠纷", Format.Number),
        new("groupDispute", "排查数据", "群体性纠纷", Format.Number),
        new("concludedInMonth", "调解情况", "办结", Format.Number),
        new("resolvedInMonth", "调解情况", "化解成功", Format.Number),
        new("failedInMonth", "调解情况", "调解不成", Format.Number),
        new("concludedRate", "调解情况", "办结率", Format.Percent),
        new("onTimeRate", "调解情况", "按期办结率", Format.Percent),
        new("successRate", "调解情况", "化解成功率", Format.Percent),
        new("rated", "满意度", "评价数", Format.Number),
        new("satisfactionRate", "满意度", "满意率", Format.Percent),
        new("overdueDeadlines", "超期与升级", "超期环节", Format.Number),
        new("escalatedDeadlines", "超期与升级", "升级督办", Format.Number),
    ];

    public sealed class Handler(ConcordDb db, CurrentActor current, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct)
        {
            var period = PlaceFiguresReader.Period(query.Period, query.Kind, clock);
            var place = await PlaceFiguresReader.PlaceAsync(db, current.Actor, query.Place, ct);
            var children = place.Children.Count == 0
                ? []
                : await PlaceFiguresReader.ChildrenAsync(db, place.Region.Code, period.From, period.To, ct);
            var own = await PlaceFiguresReader.OwnAsync(db, place.Region.Code, period.From, period.To, ct);
            var rows = place.Children
                .Select(c => new Row(c.Code, c.Name, false, Values(children.GetValueOrDefault(c.Code))))
                .Append(new Row(place.Region.Code, "合计", true, Values(own)))
                .ToList();
            var note = place.Children.Count > 0 && place.Region.Level >= Domain.Regions.RegionLevel.Town
                ? "受理渠道按乡镇（街道）及以上统计，村（社区）行的渠道列显示“—”，合计行含全部渠道。"
                : null;
            return new Result(place.Region.Code, place.Region.Name, period.Value, period.KindCode, period.Label,
                $"{place.Region.Name} {period.Label} 矛盾纠纷化解工作体检表", Columns, rows, note);
        }

        /// <summary>The values of one place in column order; channel columns are null where the roll-ups keep no channel breakdown (villages).</summary>
        public static double?[] Values(PlaceFiguresReader.Figures? figures)
        {
            var t = figures?.Total ?? FigureSet.Empty;
            var byDim = figures?.ByDim ?? new Dictionary<string, FigureSet>();
            var hasChannels = byDim.Keys.Any(k => k.StartsWith(Rollups.ChannelPrefix, StringComparison.Ordinal)) || t.Registered == 0;
            double? Channel(Channel c) => hasChannels ? byDim.GetValueOrDefault(Rollups.ChannelDim(c))?.Registered ?? 0 : null;
            var channelValues = s_channels.Select(c => Channel(c.Channel)).ToList();
            return
            [
                t.Registered,
                .. channelValues,
                hasChannels ? t.Registered - channelValues.Sum(v => v ?? 0) : null,
                t[Figure.RepeatDispute],
                t[Figure.GroupDispute],
                t[Figure.ConcludedInMonth],
                t[Figure.ResolvedInMonth],
                t[Figure.FailedInMonth],
                t.ConcludedRate,
                t.OnTimeRate,
                t.SuccessRate,
                t[Figure.Rated],
                t.SatisfactionRate,
                t[Figure.OverdueDeadlines],
                t[Figure.EscalatedDeadlines],
            ];
        }
    }
}
