using System.Globalization;

namespace Concord.Domain.Events;

/// <summary>
/// An event's code: <c>E</c> + county + year + sequence within the county and year, e.g.
/// <c>E340881-2026-000123</c>. The prefix keeps it apart from case codes when read out or typed.
/// </summary>
public static class EventCode
{
    public const char Prefix = 'E';

    public static string Format(string countyCode, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{countyCode}-{year:0000}-{sequence:000000}");

    public static bool TryParse(string? code, out string countyCode, out int year, out long sequence)
    {
        countyCode = "";
        year = 0;
        sequence = 0;
        return code is { Length: > 1 } && code[0] == Prefix && Cases.CaseCode.TryParse(code[1..], out countyCode, out year, out sequence);
    }
}

/// <summary>Where an event came from (上报渠道). The API uses the lower-case code.</summary>
public enum EventChannel
{
    /// <summary>网格员 (or 网格长) reporting from the grid.</summary>
    Grid,

    /// <summary>联户长.</summary>
    HouseholdHead,

    /// <summary>Centre staff taking a report (窗口、电话).</summary>
    Centre,

    /// <summary>A citizen (随手拍 from the public).</summary>
    Citizen,

    /// <summary>An outside application through Open311 GeoReport v2.</summary>
    Open311,

    /// <summary>12345 热线.</summary>
    Hotline12345,
}

public static class EventChannels
{
    private static readonly CodeTable<EventChannel> s_table = new(
        (EventChannel.Grid, "grid", "网格员上报"),
        (EventChannel.HouseholdHead, "household-head", "联户长上报"),
        (EventChannel.Centre, "centre", "中心受理"),
        (EventChannel.Citizen, "citizen", "群众随手拍"),
        (EventChannel.Open311, "open311", "Open311 接入"),
        (EventChannel.Hotline12345, "12345", "12345热线"));

    public static IEnumerable<EventChannel> All => s_table.All;

    public static string Code(EventChannel channel) => s_table.Code(channel);

    public static string Label(EventChannel channel) => s_table.Label(channel);

    public static bool TryParse(string? code, out EventChannel channel) => s_table.TryParse(code, out channel);
}

/// <summary>满意度: what the reporter says of the result.</summary>
public enum EventRating
{
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

public static class EventRatings
{
    public static string Label(EventRating rating) => rating switch
    {
        EventRating.Satisfied => "满意",
        EventRating.BasicallySatisfied => "基本满意",
        EventRating.Dissatisfied => "不满意",
        _ => rating.ToString(),
    };

    /// <summary><c>satisfied</c>, <c>basically-satisfied</c>, <c>dissatisfied</c>.</summary>
    public static bool TryParse(string? code, out EventRating rating)
    {
        rating = default;
        switch (code?.Trim().ToLowerInvariant())
        {
            case "satisfied":
                rating = EventRating.Satisfied;
                return true;
            case "basically-satisfied" or "basically_satisfied" or "basicallysatisfied":
                rating = EventRating.BasicallySatisfied;
                return true;
            case "dissatisfied":
                rating = EventRating.Dissatisfied;
                return true;
            default:
                return false;
        }
    }
}
