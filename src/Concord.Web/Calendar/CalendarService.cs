using System.Text.Json;
using Concord.Domain.Calendar;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Calendar;

/// <summary>
/// The working-day calendar in force. Holiday schedules are data in the settings table
/// (<c>calendar.years</c>), starting from the official 2025–2026 schedules; an administrator
/// adds a year when the State Council publishes it. Years without a schedule are provisional
/// (weekends only).
/// </summary>
public sealed class CalendarService
{
    public const string SettingKey = "calendar.years";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private volatile WorkingCalendar _calendar = new(OfficialSchedules.All);
    private IReadOnlyList<HolidayYear> _years = OfficialSchedules.All;

    public WorkingCalendar Current => _calendar;

    public IReadOnlyList<HolidayYear> Years => _years;

    public async Task LoadAsync(ConcordDb db, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        Use(stored is null ? OfficialSchedules.All : JsonSerializer.Deserialize<List<HolidayYear>>(stored, s_json) ?? []);
    }

    /// <summary>Adds or replaces one year's schedule; refuses a schedule that contradicts itself.</summary>
    public async Task SaveYearAsync(ConcordDb db, HolidayYear year, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (year.Year is < 2000 or > 2100)
        {
            errors.Add("year", "年份不正确。");
        }

        foreach (var h in year.Holidays)
        {
            if (h.First.Year != year.Year && h.Last.Year != year.Year)
            {
                errors.Add("holidays", $"“{h.Name}”不在 {year.Year} 年内。");
            }

            if (h.Last < h.First)
            {
                errors.Add("holidays", $"“{h.Name}”的结束日期早于开始日期。");
            }
        }

        errors.ThrowIfAny();
        var years = _years.Where(y => y.Year != year.Year).Append(year).OrderBy(y => y.Year).ToList();
        WorkingCalendar candidate;
        try
        {
            candidate = new WorkingCalendar(years);
        }
        catch (ArgumentException ex)
        {
            throw new DomainException("calendar_contradiction", "假期安排有矛盾：" + ex.Message);
        }

        var value = JsonSerializer.Serialize(years, s_json);
        var setting = await db.Settings.FindAsync([SettingKey], ct);
        if (setting is null)
        {
            db.Settings.Add(new Setting { Key = SettingKey, Value = value });
        }
        else
        {
            setting.Value = value;
        }

        db.Audit("calendar.year_saved", "Calendar", year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { year.Year, year.Notice, holidays = year.Holidays.Select(h => new { h.Name, h.First, h.Last, h.MakeUpDays }) });
        await db.SaveChangesAsync(ct);
        _years = years;
        _calendar = candidate;
    }

    private void Use(IReadOnlyList<HolidayYear> years)
    {
        _calendar = new WorkingCalendar(years);
        _years = years;
    }
}
