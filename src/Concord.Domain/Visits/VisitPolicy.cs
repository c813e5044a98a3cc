namespace Concord.Domain.Visits;

/// <summary>The two kinds of household visit a grid worker logs.</summary>
public enum VisitKind
{
    /// <summary>日基本走访: the daily round of ordinary households.</summary>
    Daily,

    /// <summary>周重点走访: the weekly visit of a key household (重点户).</summary>
    WeeklyKey,
}

public static class VisitKinds
{
    public static string Label(VisitKind kind) => kind switch
    {
        VisitKind.Daily => "日基本走访",
        VisitKind.WeeklyKey => "周重点走访",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Code(VisitKind kind) => kind switch
    {
        VisitKind.Daily => "daily",
        VisitKind.WeeklyKey => "weekly_key",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? code, out VisitKind kind)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "daily":
                kind = VisitKind.Daily;
                return true;
            case "weekly_key" or "weeklykey":
                kind = VisitKind.WeeklyKey;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}

/// <summary>Where a household stands for the visit policy: whether it is a key household, and its last visit (null: never).</summary>
public sealed record HouseholdVisitStanding(long HouseholdId, bool Key, DateTime? LastVisitedAt);

/// <summary>A household that is due, with how pressing it is.</summary>
/// <param name="DueSince">When the window ran out; null when the household was never visited.</param>
/// <param name="DaysOverdue">Whole days since <paramref name="DueSince"/>; null when never visited.</param>
/// <param name="Today">On today's round (日基本走访 quota, or a due key household).</param>
public sealed record DueVisit(long HouseholdId, bool Key, DateTime? LastVisitedAt, DateTime? DueSince, int? DaysOverdue, bool Today);

/// <summary>
/// When a household must be visited again. The policy, in one paragraph:
/// <list type="bullet">
/// <item>every household must have been visited within the last <see cref="BasicWindowDays"/> days (30);</item>
/// <item>a key household (重点户: flagged by the grid leader — special populations, a live
/// dispute, an elderly person living alone …) within the last <see cref="KeyWindowDays"/> days (7);</item>
/// <item>any kind of visit counts; the window is rolling (not calendar weeks or months), so a
/// visit on any day resets it;</item>
/// <item>a household never visited has been due since forever and comes first among its peers.</item>
/// </list>
/// The daily round (日基本走访) spreads the ordinary households over the working days of a window:
/// <see cref="DailyQuota"/> of them per day, the longest-unvisited first; every due key household is
/// on today's round on top of that.
/// </summary>
public sealed record VisitPolicy(int KeyWindowDays = 7, int BasicWindowDays = 30)
{
    public static readonly VisitPolicy Default = new();

    public int WindowDays(bool key) => key ? KeyWindowDays : BasicWindowDays;

    /// <summary>Visits at or before this moment no longer cover the household.</summary>
    public DateTime Cutoff(bool key, DateTime now) => now.AddDays(-WindowDays(key));

    public bool IsDue(HouseholdVisitStanding household, DateTime now) =>
        household.LastVisitedAt is not { } last || last <= Cutoff(household.Key, now);

    /// <summary>When the household's window runs (or ran) out; null when it was never visited (due since forever).</summary>
    public DateTime? DueSince(HouseholdVisitStanding household) =>
        household.LastVisitedAt is { } last ? last.AddDays(WindowDays(household.Key)) : null;

    /// <summary>
    /// Ordinary households a worker visits per working day so that a grid of
    /// <paramref name="households"/> is covered within the basic window (five working days a week).
    /// </summary>
    public int DailyQuota(int households)
    {
        if (households <= 0)
        {
            return 0;
        }

        var workingDays = Math.Max(1, BasicWindowDays * 5 / 7);
        return (households + workingDays - 1) / workingDays;
    }

    /// <summary>
    /// The due households in the order to visit them — key households first, then never visited,
    /// then the longest overdue, then by id (stable) — with today's round marked: every due key
    /// household plus the first <see cref="DailyQuota"/> ordinary ones.
    /// </summary>
    /// <param name="households">The households of the worker's grid(s).</param>
    /// <param name="now">The current time (UTC).</param>
    public IReadOnlyList<DueVisit> Due(IReadOnlyCollection<HouseholdVisitStanding> households, DateTime now)
    {
        var quota = DailyQuota(households.Count);
        var due = households.Where(h => IsDue(h, now))
            .OrderByDescending(h => h.Key)
            .ThenBy(h => h.LastVisitedAt is null ? 0 : 1)
            .ThenBy(h => h.LastVisitedAt ?? DateTime.MinValue)
            .ThenBy(h => h.HouseholdId)
            .ToList();
        var result = new List<DueVisit>(due.Count);
        var ordinaryToday = 0;
        foreach (var h in due)
        {
            var since = DueSince(h);
            var today = h.Key || ordinaryToday++ < quota;
            int? overdue = since is { } s ? (int)Math.Floor((now - s).TotalDays) : null;
            result.Add(new DueVisit(h.HouseholdId, h.Key, h.LastVisitedAt, since, overdue, today));
        }

        return result;
    }

    /// <summary>Share of households visited within the window, 0–1; an empty place counts as fully covered (nothing is missing).</summary>
    public static double CoverageRate(int households, int visited) =>
        households <= 0 ? 1.0 : Math.Clamp((double)visited / households, 0, 1);
}
