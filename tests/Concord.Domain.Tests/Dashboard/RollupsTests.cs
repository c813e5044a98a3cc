using Concord.Domain.Cases;
using Concord.Domain.Dashboard;

namespace Concord.Domain.Tests.Dashboard;

public sealed class RollupsTests
{
    private static readonly DateTime s_march = new(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc);

    private static CaseFigureFacts Open(string village = "340881002003", string category = "07") =>
        new(village, category, Channel.Window, RiskLevel.General, s_march, CaseStatus.Registered, null, null, false, false, false, false, false, false);

    private static long Sum(RollupDelta delta, RollupKey key, Figure figure) =>
        delta.Rows.Where(r => r.Key == key).Sum(r => r.Value[(int)figure]);

    [Fact]
    public void A_case_counts_in_its_village_and_every_place_above_with_its_breakdowns()
    {
        var delta = new RollupDelta();
        delta.Add(null, Open());
        foreach (var place in new[] { "34", "3408", "340881", "340881002", "340881002003" })
        {
            Sum(delta, new RollupKey(place, 202603, Rollups.Total), Figure.Registered).ShouldBe(1);
            Sum(delta, new RollupKey(place, 202603, "c:07"), Figure.Registered).ShouldBe(1);
        }

        Sum(delta, new RollupKey("340881002", 202603, "h:Window"), Figure.Registered).ShouldBe(1);
        Sum(delta, new RollupKey("340881002", 202603, "r:General"), Figure.Registered).ShouldBe(1);
        // Villages keep only the total and the category breakdown.
        delta.Rows.Any(r => r.Key.RegionCode == "340881002003" && r.Key.Dim.StartsWith("h:", StringComparison.Ordinal)).ShouldBeFalse();
        delta.Rows.Any(r => r.Value[(int)Figure.Concluded] != 0).ShouldBeFalse();
    }

    [Fact]
    public void A_grid_code_counts_in_its_village()
    {
        Rollups.PlacesOf("340881002003001").ShouldBe(["34", "3408", "340881", "340881002", "340881002003"]);
    }

    [Fact]
    public void Months_are_cut_at_China_midnight()
    {
        Rollups.PeriodOf(new DateTime(2026, 3, 31, 15, 59, 0, DateTimeKind.Utc)).ShouldBe(202603);
        Rollups.PeriodOf(new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc)).ShouldBe(202604);
    }

    [Fact]
    public void Concluding_a_case_adds_the_cohort_figures_to_the_registration_month_and_the_conclusion_to_its_own_month()
    {
        var before = Open();
        var after = before with { Status = CaseStatus.Closed, ConcludedAt = new DateTime(2026, 4, 2, 0, 0, 0, DateTimeKind.Utc), Outcome = CaseOutcome.Resolved, ConcludedOnTime = true };
        var delta = new RollupDelta();
        delta.Add(before, after);

        var cohort = new RollupKey("340881", 202603, Rollups.Total);
        Sum(delta, cohort, Figure.Registered).ShouldBe(0);
        Sum(delta, cohort, Figure.Concluded).ShouldBe(1);
        Sum(delta, cohort, Figure.ConcludedOnTime).ShouldBe(1);
        Sum(delta, cohort, Figure.Resolved).ShouldBe(1);
        Sum(delta, new RollupKey("340881", 202604, Rollups.Total), Figure.ConcludedInMonth).ShouldBe(1);
        Sum(delta, new RollupKey("340881", 202604, Rollups.Total), Figure.ResolvedInMonth).ShouldBe(1);
    }

    [Fact]
    public void Moving_a_case_to_another_category_moves_its_counts()
    {
        var delta = new RollupDelta();
        delta.Add(Open(category: "07"), Open(category: "02"));
        Sum(delta, new RollupKey("340881", 202603, "c:07"), Figure.Registered).ShouldBe(-1);
        Sum(delta, new RollupKey("340881", 202603, "c:02"), Figure.Registered).ShouldBe(1);
        Sum(delta, new RollupKey("340881", 202603, Rollups.Total), Figure.Registered).ShouldBe(0);
    }

    [Theory]
    [InlineData(CaseStatus.AwaitingRating, CaseStatus.Closed, null, CaseOutcome.Resolved)]
    [InlineData(CaseStatus.Mediating, CaseStatus.NoAgreement, null, CaseOutcome.Failed)]
    [InlineData(CaseStatus.NoAgreement, CaseStatus.Closed, CaseOutcome.Failed, CaseOutcome.Failed)]
    [InlineData(CaseStatus.Withdrawn, CaseStatus.Closed, CaseOutcome.Withdrawn, CaseOutcome.Withdrawn)]
    [InlineData(CaseStatus.Closed, CaseStatus.Mediating, CaseOutcome.Resolved, null)]
    [InlineData(CaseStatus.Closed, CaseStatus.Closed, CaseOutcome.Failed, CaseOutcome.Failed)]
    public void Outcome_follows_the_way_the_case_ended(CaseStatus from, CaseStatus to, CaseOutcome? current, CaseOutcome? expected)
    {
        Rollups.OutcomeAfter(from, to, current).ShouldBe(expected);
    }

    [Fact]
    public void Overdue_and_escalated_deadlines_count_in_the_month_they_fell_due()
    {
        var delta = new RollupDelta();
        var due = new DateTime(2026, 5, 1, 1, 0, 0, DateTimeKind.Utc);
        delta.Add(new DeadlineFigureFacts("340881002003001", due, false, false), new DeadlineFigureFacts("340881002003001", due, true, true));
        Sum(delta, new RollupKey("340881002003", 202605, Rollups.Total), Figure.OverdueDeadlines).ShouldBe(1);
        Sum(delta, new RollupKey("34", 202605, Rollups.Total), Figure.EscalatedDeadlines).ShouldBe(1);
    }

    /// <summary>The invariant the store relies on: the sum of changes equals the contribution of the final states.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Summed_changes_equal_a_recount_of_the_final_states(int seed)
    {
        var random = new Random(seed);
        string[] villages = ["340881002003", "340881002004", "340881003001", "340828100200"];
        string[] categories = ["01", "02", "07", "12"];
        var cases = new List<CaseFigureFacts>();
        var running = new RollupDelta();
        for (var step = 0; step < 400; step++)
        {
            if (cases.Count == 0 || random.Next(3) == 0)
            {
                var fresh = Open(villages[random.Next(villages.Length)], categories[random.Next(categories.Length)]) with
                {
                    RegisteredAt = s_march.AddDays(random.Next(-90, 90)),
                    Channel = (Channel)random.Next(3),
                    Risk = (RiskLevel)random.Next(3),
                    Urgent = random.Next(5) == 0,
                    Group = random.Next(6) == 0,
                    Repeat = random.Next(6) == 0,
                };
                cases.Add(fresh);
                running.Add(null, fresh);
                continue;
            }

            var i = random.Next(cases.Count);
            var before = cases[i];
            var status = (CaseStatus)random.Next(Enum.GetValues<CaseStatus>().Length);
            var after = before with
            {
                Status = status,
                ConcludedAt = Rollups.IsConcluded(status) ? before.RegisteredAt.AddDays(random.Next(60)) : null,
                Outcome = Rollups.OutcomeAfter(before.Status, status, before.Outcome),
                ConcludedOnTime = random.Next(2) == 0,
                Rated = random.Next(2) == 0,
                Satisfied = random.Next(2) == 0,
                CategoryCode = random.Next(10) == 0 ? categories[random.Next(categories.Length)] : before.CategoryCode,
            };
            cases[i] = after;
            running.Add(before, after);
        }

        var recount = new RollupDelta();
        foreach (var c in cases)
        {
            recount.Add(null, c);
        }

        var expected = recount.Rows.ToDictionary(r => r.Key, r => r.Value);
        var actual = running.Rows.ToDictionary(r => r.Key, r => r.Value);
        actual.Keys.Select(k => k.ToString()).Order().ShouldBe(expected.Keys.Select(k => k.ToString()).Order());
        foreach (var (key, values) in expected)
        {
            actual[key].ShouldBe(values, key.ToString());
        }
    }
}
