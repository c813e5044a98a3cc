using Concord.Domain.Visits;

namespace Concord.Domain.Tests.Visits;

public sealed class VisitPolicyTests
{
    private static readonly DateTime s_now = new(2026, 11, 20, 6, 0, 0, DateTimeKind.Utc);
    private static readonly VisitPolicy s_policy = VisitPolicy.Default;

    private static HouseholdVisitStanding H(long id, bool key, double? daysAgo) =>
        new(id, key, daysAgo is { } d ? s_now.AddDays(-d) : null);

    [Fact]
    public void An_ordinary_household_is_due_once_thirty_days_have_passed_since_its_last_visit()
    {
        s_policy.IsDue(H(1, key: false, daysAgo: 29.9), s_now).ShouldBeFalse();
        s_policy.IsDue(H(1, key: false, daysAgo: 30), s_now).ShouldBeTrue();
        s_policy.IsDue(H(1, key: false, daysAgo: 45), s_now).ShouldBeTrue();
    }

    [Fact]
    public void A_key_household_is_due_once_seven_days_have_passed()
    {
        s_policy.IsDue(H(1, key: true, daysAgo: 6.9), s_now).ShouldBeFalse();
        s_policy.IsDue(H(1, key: true, daysAgo: 7), s_now).ShouldBeTrue();
        s_policy.IsDue(H(1, key: true, daysAgo: 10), s_now).ShouldBeTrue();
    }

    [Fact]
    public void A_household_never_visited_is_due_with_no_due_date_and_no_overdue_count()
    {
        var due = s_policy.Due([H(1, key: false, daysAgo: null)], s_now).Single();
        due.DueSince.ShouldBeNull();
        due.DaysOverdue.ShouldBeNull();
    }

    [Fact]
    public void Due_households_come_key_first_then_never_visited_then_longest_overdue()
    {
        var due = s_policy.Due(
        [
            H(1, key: false, daysAgo: 31),
            H(2, key: false, daysAgo: 50),
            H(3, key: false, daysAgo: null),
            H(4, key: true, daysAgo: 8),
            H(5, key: false, daysAgo: 3),
            H(6, key: true, daysAgo: 2),
        ], s_now);
        due.Select(d => d.HouseholdId).ShouldBe([4, 3, 2, 1]);
        due.Single(d => d.HouseholdId == 2).DaysOverdue.ShouldBe(20);
        due.Single(d => d.HouseholdId == 4).DueSince.ShouldBe(s_now.AddDays(-1));
    }

    [Fact]
    public void The_daily_quota_covers_a_grid_within_the_working_days_of_the_basic_window()
    {
        // 30 days hold 21 working days: 44 households need 3 a day, 21 need 1, none need none.
        s_policy.DailyQuota(44).ShouldBe(3);
        s_policy.DailyQuota(21).ShouldBe(1);
        s_policy.DailyQuota(22).ShouldBe(2);
        s_policy.DailyQuota(0).ShouldBe(0);
        (s_policy.DailyQuota(44) * 21).ShouldBeGreaterThanOrEqualTo(44);
    }

    [Fact]
    public void Todays_round_is_every_due_key_household_plus_the_quota_of_ordinary_ones()
    {
        // 21 households → quota 1: both due key households and the most pressing ordinary one.
        var households = Enumerable.Range(1, 21).Select(i => H(i, key: i <= 2, daysAgo: i <= 2 ? 9 : i <= 5 ? 40 + i : 1)).ToList();
        var due = s_policy.Due(households, s_now);
        due.Count.ShouldBe(5);
        due.Where(d => d.Today).Select(d => d.HouseholdId).ShouldBe([1, 2, 5]);
    }

    [Fact]
    public void The_windows_are_configurable()
    {
        var strict = new VisitPolicy(KeyWindowDays: 3, BasicWindowDays: 14);
        strict.IsDue(H(1, key: true, daysAgo: 4), s_now).ShouldBeTrue();
        strict.IsDue(H(1, key: false, daysAgo: 15), s_now).ShouldBeTrue();
        VisitPolicy.Default.IsDue(H(1, key: false, daysAgo: 15), s_now).ShouldBeFalse();
    }

    [Fact]
    public void Coverage_rate_is_visited_over_households_and_an_empty_place_misses_nobody()
    {
        VisitPolicy.CoverageRate(40, 30).ShouldBe(0.75);
        VisitPolicy.CoverageRate(0, 0).ShouldBe(1.0);
    }

    [Theory]
    [InlineData("daily", VisitKind.Daily)]
    [InlineData("weekly_key", VisitKind.WeeklyKey)]
    public void Visit_kinds_round_trip_through_their_codes(string code, VisitKind kind)
    {
        VisitKinds.TryParse(code, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
        VisitKinds.Code(kind).ShouldBe(code);
        VisitKinds.TryParse("monthly", out _).ShouldBeFalse();
    }
}
