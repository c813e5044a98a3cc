namespace Concord.Web.Lessons;

/// <summary>Due dates are China dates: an action due 2026-11-30 is overdue from 12-01 00:00 Beijing time.</summary>
internal static class LessonsTime
{
    private static readonly TimeSpan s_offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + s_offset);

    public static DateTime StartOf(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - s_offset, DateTimeKind.Utc);
}
