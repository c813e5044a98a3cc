namespace Concord.Domain.Calendar;

/// <summary>
/// The schedules published so far (shared/reference/calendar.md), the defaults a new
/// installation starts from. Administrators add later years as data; these are not the only
/// source.
/// </summary>
public static class OfficialSchedules
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static readonly HolidayYear Year2025 = new(2025, "国办发明电〔2024〕12号",
    [
        new("元旦", D(2025, 1, 1), D(2025, 1, 1), []),
        new("春节", D(2025, 1, 28), D(2025, 2, 4), [D(2025, 1, 26), D(2025, 2, 8)]),
        new("清明节", D(2025, 4, 4), D(2025, 4, 6), []),
        new("劳动节", D(2025, 5, 1), D(2025, 5, 5), [D(2025, 4, 27)]),
        new("端午节", D(2025, 5, 31), D(2025, 6, 2), []),
        new("国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8), [D(2025, 9, 28), D(2025, 10, 11)]),
    ]);

    public static readonly HolidayYear Year2026 = new(2026, "国务院办公厅 2025-11-04 通知",
    [
        new("元旦", D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
        new("春节", D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
        new("清明节", D(2026, 4, 4), D(2026, 4, 6), []),
        new("劳动节", D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
        new("端午节", D(2026, 6, 19), D(2026, 6, 21), []),
        new("中秋节", D(2026, 9, 25), D(2026, 9, 27), []),
        new("国庆节", D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
    ]);

    public static IReadOnlyList<HolidayYear> All => [Year2025, Year2026];
}
