using Concord.Domain.Calendar;

namespace Concord.Domain.Tests.Lifecycle;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar s_calendar = new(OfficialSchedules.All);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void National_day_2026_is_off_and_its_make_up_saturday_is_a_working_day()
    {
        s_calendar.IsWorkingDay(D(2026, 10, 1)).ShouldBeFalse();
        s_calendar.IsWorkingDay(D(2026, 10, 7)).ShouldBeFalse();
        s_calendar.IsWorkingDay(D(2026, 10, 8)).ShouldBeTrue();
        s_calendar.IsWorkingDay(D(2026, 10, 10)).ShouldBeTrue(); // Saturday, 调休上班
        s_calendar.IsWorkingDay(D(2026, 9, 20)).ShouldBeTrue();  // Sunday, 调休上班
    }

    [Fact]
    public void One_working_day_after_the_eve_of_national_day_is_the_day_after_the_holiday()
    {
        s_calendar.AddWorkingDays(D(2026, 9, 30), 1).ShouldBe(D(2026, 10, 8));
    }

    [Fact]
    public void Spring_festival_2025_is_skipped_and_its_make_up_sunday_counts()
    {
        // Fri 2025-01-24 + 1 working day: Sat 25 off, Sun 26 is a make-up workday.
        s_calendar.AddWorkingDays(D(2025, 1, 24), 1).ShouldBe(D(2025, 1, 26));
        // Mon 2025-01-27 + 1: 28 Jan … 4 Feb are holidays, 5 Feb is the next working day.
        s_calendar.AddWorkingDays(D(2025, 1, 27), 1).ShouldBe(D(2025, 2, 5));
    }

    [Fact]
    public void A_same_day_deadline_on_a_holiday_falls_on_the_next_working_day()
    {
        s_calendar.AddWorkingDays(D(2026, 10, 3), 0).ShouldBe(D(2026, 10, 8));
        s_calendar.AddWorkingDays(D(2026, 11, 23), 0).ShouldBe(D(2026, 11, 23));
    }

    [Fact]
    public void A_year_without_a_published_schedule_counts_weekends_only_and_is_provisional()
    {
        s_calendar.IsProvisional(2027).ShouldBeTrue();
        s_calendar.IsProvisional(2026).ShouldBeFalse();
        s_calendar.IsWorkingDay(D(2027, 1, 1)).ShouldBeTrue(); // a Friday; no schedule entered yet
        s_calendar.IsWorkingDay(D(2027, 1, 2)).ShouldBeFalse();
    }

    [Fact]
    public void Working_days_between_counts_only_working_days()
    {
        s_calendar.WorkingDaysBetween(D(2026, 9, 30), D(2026, 10, 9)).ShouldBe(2); // 8th and 9th
        s_calendar.WorkingDaysBetween(D(2026, 10, 9), D(2026, 9, 30)).ShouldBe(-2);
    }

    [Fact]
    public void A_day_cannot_be_both_a_holiday_and_a_make_up_workday()
    {
        var bad = new HolidayYear(2030, "test", [new Holiday("x", D(2030, 1, 1), D(2030, 1, 3), [D(2030, 1, 2)])]);
        Should.Throw<ArgumentException>(() => new WorkingCalendar([bad]));
    }
}
