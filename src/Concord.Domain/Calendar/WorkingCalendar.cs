namespace Concord.Domain.Calendar;

/// <summary>
/// The Chinese working-day calendar: Monday–Friday, minus official holidays, plus official
/// make-up workdays (调休上班). The dates are data (the State Council publishes next year's in
/// November), never code; a year with no published schedule counts weekends only and is
/// reported as provisional.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _makeUpDays;
    private readonly HashSet<int> _publishedYears;

    public WorkingCalendar(IEnumerable<HolidayYear> years)
    {
        var list = years.ToList();
        _holidays = [.. list.SelectMany(y => y.Holidays.SelectMany(h => h.Days()))];
        _makeUpDays = [.. list.SelectMany(y => y.Holidays.SelectMany(h => h.MakeUpDays))];
        _publishedYears = [.. list.Select(y => y.Year)];
        var clash = _holidays.Intersect(_makeUpDays).FirstOrDefault();
        if (clash != default)
        {
            throw new ArgumentException($"{clash:yyyy-MM-dd} is both a holiday and a make-up workday.", nameof(years));
        }
    }

    public IReadOnlyCollection<int> PublishedYears => _publishedYears;

    public bool IsProvisional(int year) => !_publishedYears.Contains(year);

    public bool IsHoliday(DateOnly day) => _holidays.Contains(day);

    public bool IsMakeUpWorkday(DateOnly day) => _makeUpDays.Contains(day);

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpDays.Contains(day) || (!_holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>
    /// The end of the <paramref name="days"/>-th working day after <paramref name="start"/>
    /// (the start day itself does not count). Zero means the end of the start day if it is a
    /// working day, else the end of the next working day — a "same-day" deadline.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = start;
        if (days == 0)
        {
            while (!IsWorkingDay(day))
            {
                day = day.AddDays(1);
            }

            return day;
        }

        var counted = 0;
        while (counted < days)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>Working days in (from, to]: how many working days have passed.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return to >= from ? count : -WorkingDaysBetween(to, from);
    }
}

/// <summary>One year's official schedule (国务院办公厅关于 YYYY 年部分节假日安排的通知).</summary>
public sealed record HolidayYear(int Year, string Notice, IReadOnlyList<Holiday> Holidays);

/// <summary>A holiday period and its make-up workdays.</summary>
public sealed record Holiday(string Name, DateOnly First, DateOnly Last, IReadOnlyList<DateOnly> MakeUpDays)
{
    public IEnumerable<DateOnly> Days()
    {
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
