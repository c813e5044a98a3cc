using System.Globalization;

namespace Concord.Domain.Rankings;

/// <summary>The length of a reporting period: 月 (月晾晒), 季 (季排位) or 年.</summary>
public enum PeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A reporting period as a range of roll-up months (yyyyMM, inclusive). Given as a month
/// (<c>2026-11</c>) and a kind: a quarter or year is the one containing that month.
/// </summary>
public readonly record struct ReportPeriod(PeriodKind Kind, int Year, int FirstMonth)
{
    public int Months => Kind switch { PeriodKind.Month => 1, PeriodKind.Quarter => 3, _ => 12 };

    public int From => (Year * 100) + FirstMonth;

    public int To => (Year * 100) + FirstMonth + Months - 1;

    /// <summary>The months of the period, yyyyMM.</summary>
    public IEnumerable<int> Periods
    {
        get
        {
            var year = Year;
            return Enumerable.Range(FirstMonth, Months).Select(m => (year * 100) + m);
        }
    }

    /// <summary>The month to put in a link (yyyy-MM): the first month of the period.</summary>
    public string Value => $"{Year:0000}-{FirstMonth:00}";

    public string KindCode => Kind switch { PeriodKind.Month => "month", PeriodKind.Quarter => "quarter", _ => "year" };

    public string Label => Kind switch
    {
        PeriodKind.Month => $"{Year}年{FirstMonth}月",
        PeriodKind.Quarter => $"{Year}年第{QuarterName((FirstMonth + 2) / 3)}季度",
        _ => $"{Year}年",
    };

    /// <summary>The period of the same kind just before this one.</summary>
    public ReportPeriod Previous()
    {
        var index = (Year * 12) + FirstMonth - 1 - Months;
        return new ReportPeriod(Kind, index / 12, (index % 12) + 1);
    }

    public static ReportPeriod Of(PeriodKind kind, int year, int month) => kind switch
    {
        PeriodKind.Month => new ReportPeriod(kind, year, month),
        PeriodKind.Quarter => new ReportPeriod(kind, year, (((month - 1) / 3) * 3) + 1),
        _ => new ReportPeriod(kind, year, 1),
    };

    public static bool TryParseKind(string? text, out PeriodKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "month":
                kind = PeriodKind.Month;
                return true;
            case "quarter":
                kind = PeriodKind.Quarter;
                return true;
            case "year":
                kind = PeriodKind.Year;
                return true;
            default:
                kind = PeriodKind.Month;
                return false;
        }
    }

    /// <summary>A month as <c>yyyy-MM</c> (or <c>yyyyMM</c>); empty = <paramref name="fallback"/>.</summary>
    public static bool TryParseMonth(string? text, (int Year, int Month) fallback, out (int Year, int Month) month)
    {
        month = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var digits = text.Trim().Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var (y, m) = (value / 100, value % 100);
        if (y < 2000 || y > 2100 || m < 1 || m > 12)
        {
            return false;
        }

        month = (y, m);
        return true;
    }

    private static string QuarterName(int q) => q switch { 1 => "一", 2 => "二", 3 => "三", _ => "四" };
}
