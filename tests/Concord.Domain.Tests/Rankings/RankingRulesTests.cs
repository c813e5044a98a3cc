using Concord.Domain.Rankings;

namespace Concord.Domain.Tests.Rankings;

public sealed class RankingRulesTests
{
    private static readonly Dictionary<string, Judged> s_none = [];

    private static PlaceFigures Place(string code, long? population, long registered, long concluded = 0, long onTime = 0, long resolved = 0, long failed = 0,
        long rated = 0, long satisfied = 0, long overdue = 0, Dictionary<string, Judged>? mix = null) =>
        new(code, code, population, registered, concluded, onTime, resolved, failed, rated, satisfied, overdue, mix ?? s_none);

    [Fact]
    public void Per_10000_residents_divides_by_population_and_is_unknown_without_one()
    {
        RankingRules.Per10k(30, 60000).ShouldBe(5);
        RankingRules.Per10k(30, null).ShouldBeNull();
        RankingRules.Per10k(30, 0).ShouldBeNull();
        RankingRules.Per100(3, 60).ShouldBe(5);
        RankingRules.Per100(3, 0).ShouldBeNull();
    }

    [Fact]
    public void A_big_town_is_not_punished_for_being_big()
    {
        // Ten times the residents and ten times the cases, the same outcomes in proportion: the same values.
        var big = Place("big", 100000, 100, concluded: 80, onTime: 60, resolved: 70, failed: 10, rated: 100, satisfied: 90, overdue: 5);
        var small = Place("small", 10000, 10, concluded: 8, onTime: 6, resolved: 7, failed: 1, rated: 10, satisfied: 9, overdue: 0);
        var ranked = RankingRules.Rank([big, small], RankingRules.DefaultWeights);
        var b = ranked.Single(r => r.Code == "big");
        var s = ranked.Single(r => r.Code == "small");
        foreach (var indicator in new[] { Indicator.IntakePer10k, Indicator.ConcludedRate, Indicator.OnTimeRate, Indicator.SuccessRate, Indicator.SatisfactionRate })
        {
            b[indicator].Value.ShouldBe(s[indicator].Value, indicator.ToString());
        }

        // The only difference: overdue deadlines per 100 cases (5 vs 0), so the small town ranks first.
        b[Indicator.OverduePer100].Value.ShouldBe(5);
        s.Rank.ShouldBe(1);
        b.Rank.ShouldBe(2);
    }

    [Fact]
    public void Expected_success_rate_weights_the_reference_rate_of_each_category_by_the_place_mix()
    {
        var reference = new Dictionary<string, Judged> { ["07"] = new(90, 10), ["12"] = new(50, 50) };
        // 3 judged in 07 (90 %), 1 judged in 12 (50 %): (3 × 0.9 + 1 × 0.5) ÷ 4 = 0.8
        var place = new Dictionary<string, Judged> { ["07"] = new(3, 0), ["12"] = new(0, 1) };
        RankingRules.ExpectedSuccessRate(place, reference)!.Value.ShouldBe(0.8, 1e-9);
        RankingRules.ExpectedSuccessRate(s_none, reference).ShouldBeNull();
    }

    [Fact]
    public void Case_mix_adjustment_does_not_punish_a_place_with_hard_categories()
    {
        // Category A resolves 90 % county-wide, B 50 %. Town "hard" has only B cases and resolves 60 % —
        // below town "easy" (A only, 85 %) on the raw rate, above it after adjustment (+10 pp vs about −2 pp).
        var hard = Place("hard", null, 10, resolved: 6, failed: 4, mix: new() { ["B"] = new(6, 4) });
        var easy = Place("easy", null, 20, resolved: 17, failed: 3, mix: new() { ["A"] = new(17, 3) });
        var other = Place("other", null, 20, resolved: 19, failed: 1, mix: new() { ["A"] = new(19, 1) });
        var ranked = RankingRules.Rank([hard, easy, other], new Dictionary<Indicator, double> { [Indicator.CaseMixSuccess] = 1 });
        var reference = RankingRules.Reference([hard, easy, other]);
        reference["A"].ShouldBe(new Judged(36, 4));
        var h = ranked.Single(r => r.Code == "hard");
        var e = ranked.Single(r => r.Code == "easy");
        h[Indicator.SuccessRate].Value!.Value.ShouldBeLessThan(e[Indicator.SuccessRate].Value!.Value);
        h.ExpectedSuccessRate!.Value.ShouldBe(0.6, 1e-9); // B: only hard's own cases
        h[Indicator.CaseMixSuccess].Value!.Value.ShouldBe(0, 1e-9);
        e[Indicator.CaseMixSuccess].Value!.Value.ShouldBe(0.85 - 0.9, 1e-9);
        h.Rank!.Value.ShouldBeLessThan(e.Rank!.Value);
    }

    [Fact]
    public void Scores_run_from_0_to_100_and_flip_where_lower_is_better()
    {
        RankingRules.Score(5, 0, 10, higherIsBetter: true).ShouldBe(50);
        RankingRules.Score(10, 0, 10, higherIsBetter: false).ShouldBe(0);
        RankingRules.Score(3, 3, 3, higherIsBetter: true).ShouldBe(100);
        RankingRules.Score(null, 0, 10, higherIsBetter: true).ShouldBeNull();
    }

    [Fact]
    public void Equal_values_share_a_rank_and_missing_values_get_none()
    {
        RankingRules.Ranks([0.9, 0.8, 0.9, null], higherIsBetter: true).ShouldBe([1, 3, 1, null]);
        RankingRules.Ranks([2.0, 1.0], higherIsBetter: false).ShouldBe([2, 1]);
    }

    [Fact]
    public void An_unknown_population_leaves_per_10000_out_of_the_composite_with_a_note()
    {
        var known = Place("known", 10000, 10, concluded: 10);
        var unknown = Place("unknown", null, 10, concluded: 5);
        var weights = new Dictionary<Indicator, double> { [Indicator.IntakePer10k] = 50, [Indicator.ConcludedRate] = 50 };
        var ranked = RankingRules.Rank([known, unknown], weights);
        var u = ranked.Single(r => r.Code == "unknown");
        u[Indicator.IntakePer10k].Value.ShouldBeNull();
        u.Notes.ShouldContain(n => n.Contains("人口数未知"));
        u.Composite.ShouldBe(0); // only 办结率, where it is the worst
        ranked.Single(r => r.Code == "known").Composite.ShouldBe(100);
    }

    [Fact]
    public void Composite_is_the_weighted_mean_of_scores_and_orders_the_ranking()
    {
        var a = Place("a", 10000, 10, concluded: 10, onTime: 5);
        var b = Place("b", 10000, 10, concluded: 5, onTime: 5);
        var c = Place("c", 10000, 10, concluded: 0);
        var weights = new Dictionary<Indicator, double> { [Indicator.ConcludedRate] = 3, [Indicator.OnTimeRate] = 1 };
        var ranked = RankingRules.Rank([c, b, a], weights);
        ranked.Select(r => r.Code).ShouldBe(["a", "b", "c"]);
        // a: 办结率 100, 按期 0 → 75; b: 办结率 50, 按期 100 → 62.5; c: 办结率 0, 按期 none → 0.
        ranked[0].Composite.ShouldBe(75);
        ranked[1].Composite.ShouldBe(62.5);
        ranked[2].Composite.ShouldBe(0);
        ranked[2].Notes.ShouldContain(n => n.Contains("按期办结率"));
    }

    [Fact]
    public void Periods_cover_their_months_and_step_back_one_period()
    {
        var q = ReportPeriod.Of(PeriodKind.Quarter, 2026, 11);
        (q.From, q.To).ShouldBe((202610, 202612));
        q.Label.ShouldBe("2026年第四季度");
        q.Previous().ShouldBe(ReportPeriod.Of(PeriodKind.Quarter, 2026, 7));
        ReportPeriod.Of(PeriodKind.Month, 2026, 1).Previous().ShouldBe(ReportPeriod.Of(PeriodKind.Month, 2025, 12));
        ReportPeriod.Of(PeriodKind.Quarter, 2026, 2).Previous().From.ShouldBe(202510);
        ReportPeriod.Of(PeriodKind.Year, 2026, 5).Periods.Count().ShouldBe(12);
        ReportPeriod.TryParseMonth("2026-13", (2026, 1), out _).ShouldBeFalse();
        ReportPeriod.TryParseKind("week", out _).ShouldBeFalse();
    }
}
