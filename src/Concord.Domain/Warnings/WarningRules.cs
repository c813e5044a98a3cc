using System.Globalization;
using Concord.Domain.Cases;

namespace Concord.Domain.Warnings;

/// <summary>预警 kinds: 重复纠纷, 群体性纠纷, 类别激增, 超期聚集.</summary>
public enum WarningKind
{
    /// <summary>Disputes of the same party or at the same place again (重复纠纷).</summary>
    Repeat,

    /// <summary>Many applicants, or many disputes against one respondent (群体性纠纷).</summary>
    Group,

    /// <summary>A category in a village well above its own monthly baseline (类别激增).</summary>
    RisingCategory,

    /// <summary>Many overdue deadlines in one village or one handling organisation (超期聚集).</summary>
    OverdueCluster,
}

public enum WarningStatus
{
    Open,

    /// <summary>Someone has taken it on (已签收); the scanner keeps its evidence current.</summary>
    Acknowledged,

    /// <summary>Handled (已关闭); the scanner no longer touches it, except a repeat or group warning that a new case joins, which reopens.</summary>
    Closed,
}

/// <summary>
/// Thresholds of the early warnings (configuration <c>Concord:Warnings</c>). The defaults are a
/// starting point a county adjusts; the warnings page explains the ones in force.
/// </summary>
public sealed record WarningThresholds
{
    /// <summary>A category is rising when this month has at least this many cases …</summary>
    public int RisingMinCases { get; init; } = 3;

    /// <summary>… and at least this many times its baseline (the monthly average of the previous <see cref="BaselineMonths"/> months).</summary>
    public double RisingRatio { get; init; } = 2.0;

    public int BaselineMonths { get; init; } = 6;

    /// <summary>Open overdue deadlines in one village (or grid of it) that make a cluster.</summary>
    public int OverdueInVillage { get; init; } = 3;

    /// <summary>Open overdue deadlines of cases one organisation handles that make a cluster.</summary>
    public int OverdueInOrg { get; init; } = 5;

    /// <summary>Red flags and cases older than this are not turned into warnings (the first scan of an old database).</summary>
    public int LookbackDays { get; init; } = 90;

    /// <summary>At most this many cases are linked to one warning (the newest); the evidence counts them all.</summary>
    public int MaxLinkedCases { get; init; } = 50;

    public static WarningThresholds Default { get; } = new();
}

/// <summary>The verdict on a (village, category) this month, with the numbers behind it.</summary>
public sealed record RisingVerdict(bool Raise, int ThisMonth, double Baseline, double? Ratio, string Evidence);

/// <summary>Warning rules that need no database: the rising-category test, the overdue test, status changes, China months.</summary>
public static class WarningRules
{
    private static readonly TimeSpan s_china = TimeSpan.FromHours(8);

    public static string Label(WarningKind kind) => kind switch
    {
        WarningKind.Repeat => "重复纠纷",
        WarningKind.Group => "群体性纠纷",
        WarningKind.RisingCategory => "类别激增",
        _ => "超期聚集",
    };

    public static string Label(WarningStatus status) => status switch
    {
        WarningStatus.Open => "待处理",
        WarningStatus.Acknowledged => "已签收",
        _ => "已关闭",
    };

    /// <summary>The first instant (UTC) of the China calendar month containing <paramref name="utc"/>, or of a month that many later (negative: earlier).</summary>
    public static DateTime MonthStart(DateTime utc, int monthsLater = 0)
    {
        var local = utc + s_china;
        var start = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(monthsLater);
        return DateTime.SpecifyKind(start - s_china, DateTimeKind.Utc);
    }

    /// <summary>"2026-12": the China month of an instant.</summary>
    public static string MonthKey(DateTime utc) => (utc + s_china).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// This month against the average of the previous months: raised when the month has at
    /// least <see cref="WarningThresholds.RisingMinCases"/> cases and at least
    /// <see cref="WarningThresholds.RisingRatio"/> times the baseline. A category with no
    /// history has a baseline of zero; the minimum alone then decides.
    /// </summary>
    public static RisingVerdict Rising(string categoryCode, int thisMonth, IReadOnlyList<int> previousMonths, WarningThresholds t)
    {
        var months = Math.Max(1, previousMonths.Count);
        var baseline = previousMonths.Sum() / (double)months;
        double? ratio = baseline > 0 ? thisMonth / baseline : null;
        var raise = thisMonth >= t.RisingMinCases && (ratio is null || ratio >= t.RisingRatio);
        var name = Categories.NameOf(categoryCode);
        var against = ratio is { } r
            ? $"近 {months} 个月月均 {baseline.ToString("0.0", CultureInfo.InvariantCulture)} 件，为基线的 {r.ToString("0.0", CultureInfo.InvariantCulture)} 倍"
            : $"近 {months} 个月无此类纠纷";
        var evidence = $"本月{name}纠纷 {thisMonth} 件，{against}（预警标准：本月不少于 {t.RisingMinCases} 件且达到基线的 {t.RisingRatio.ToString("0.#", CultureInfo.InvariantCulture)} 倍）。";
        return new RisingVerdict(raise, thisMonth, baseline, ratio, evidence);
    }

    public static bool OverdueClusterRaised(int overdue, bool byOrganisation, WarningThresholds t) =>
        overdue >= (byOrganisation ? t.OverdueInOrg : t.OverdueInVillage);

    public static string OverdueEvidence(string where, int overdue, int escalated, bool byOrganisation, WarningThresholds t) =>
        $"{where}{(byOrganisation ? "承办的" : "")}超期未办案件期限 {overdue} 个，其中已升级督办 {escalated} 个（预警标准：{(byOrganisation ? "同一承办单位" : "同一村（社区）")}不少于 {(byOrganisation ? t.OverdueInOrg : t.OverdueInVillage)} 个）。";

    /// <summary>签收: only an open warning; a closed one is done, an acknowledged one already taken.</summary>
    public static WarningRefusal? WarningCanOnlyBeAcknowledgedWhenOpen(WarningStatus status) => status switch
    {
        WarningStatus.Open => null,
        WarningStatus.Acknowledged => new WarningRefusal("already_acknowledged", "该预警已签收。"),
        _ => new WarningRefusal("already_closed", "该预警已关闭。"),
    };

    /// <summary>关闭: needs an explicit confirmation and a note saying how it was handled; never twice.</summary>
    public static WarningRefusal? WarningIsClosedOnlyOnceWithConfirmationAndNote(WarningStatus status, bool confirmed, string? note)
    {
        if (status == WarningStatus.Closed)
        {
            return new WarningRefusal("already_closed", "该预警已关闭。");
        }

        if (!confirmed)
        {
            return new WarningRefusal("confirmation_required", "请确认已核实处置情况后再关闭预警。");
        }

        return string.IsNullOrWhiteSpace(note) ? new WarningRefusal("note_required", "请填写处置说明。") : null;
    }
}

/// <summary>Why a change is refused: a stable code and the sentence the user reads.</summary>
public sealed record WarningRefusal(string Code, string Message);
