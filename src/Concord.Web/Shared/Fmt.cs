using System.Globalization;

namespace Concord.Web.Shared;

/// <summary>How the UI writes times, money and counts (China Standard Time, ¥, 2026-11-21 14:30).</summary>
public static class Fmt
{
    private static readonly TimeSpan s_chinaOffset = TimeSpan.FromHours(8);

    public static string Time(DateTime utc) => (utc + s_chinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A deadline: one that ends at midnight reads as "2026-11-23 24:00", the end of that day.</summary>
    public static string Due(DateTime utc)
    {
        var local = utc + s_chinaOffset;
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 24:00"
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Money(long? fen) => fen is null ? "—" : "¥" + (fen.Value / 100m).ToString("N2", CultureInfo.InvariantCulture);

    public static string RiskClass(string riskLevel) => riskLevel switch
    {
        "Grave" => "text-bg-danger",
        "Major" => "text-bg-warning",
        _ => "text-bg-light border",
    };

    public static string StatusClass(string status) => status switch
    {
        "Closed" => "text-bg-success",
        "Registered" => "text-bg-primary",
        "NoAgreement" or "Withdrawn" => "text-bg-secondary",
        _ => "text-bg-info",
    };
}
