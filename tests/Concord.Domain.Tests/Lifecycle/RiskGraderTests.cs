using Concord.Domain.Cases;
using Concord.Domain.Triage;

namespace Concord.Domain.Tests.Lifecycle;

public sealed class RiskGraderTests
{
    private static RiskInput Input(string narrative = "邻居之间因排水问题发生争执。", string category = "02", long? amount = null, int? people = null,
        int applicants = 1, string[]? repeats = null, string[]? against = null) =>
        new(category, narrative, amount, people, applicants, repeats ?? [], against ?? []);

    [Fact]
    public void An_ordinary_dispute_is_general_with_no_flags()
    {
        var a = RiskGrader.Assess(Input(), RiskRules.Default);
        a.Level.ShouldBe(RiskLevel.General);
        a.Urgent.ShouldBeFalse();
        a.RedFlags.ShouldBeEmpty();
    }

    [Fact]
    public void The_seed_story_threat_raises_an_extreme_words_red_flag_and_says_which_words()
    {
        var a = RiskGrader.Assess(Input("丈夫扬言如果离婚就要搞出大事，妻子很害怕。", "01"), RiskRules.Default);
        a.Urgent.ShouldBeTrue();
        var flag = a.RedFlags.ShouldHaveSingleItem();
        flag.Kind.ShouldBe(RedFlagKind.ExtremeWords);
        flag.Reason.ShouldContain("搞出大事");
        a.Level.ShouldBe(RiskLevel.Major);
    }

    [Theory]
    [InlineData(4_999_999, RiskLevel.General)]
    [InlineData(5_000_000, RiskLevel.Major)]
    [InlineData(50_000_000, RiskLevel.Grave)]
    public void Amount_thresholds_grade_the_level(long fen, RiskLevel expected) =>
        RiskGrader.Assess(Input(amount: fen), RiskRules.Default).Level.ShouldBe(expected);

    [Fact]
    public void Five_applicants_make_a_group_dispute()
    {
        var a = RiskGrader.Assess(Input(applicants: 5), RiskRules.Default);
        a.RedFlags.ShouldContain(f => f.Kind == RedFlagKind.Group);
        a.Urgent.ShouldBeTrue();
    }

    [Fact]
    public void Two_open_cases_against_the_same_respondent_plus_this_one_make_a_group_dispute_linking_them()
    {
        var a = RiskGrader.Assess(Input(against: ["340881-2026-000001", "340881-2026-000002"]), RiskRules.Default);
        var flag = a.RedFlags.ShouldHaveSingleItem();
        flag.Kind.ShouldBe(RedFlagKind.Group);
        flag.LinkedCaseCodes.ShouldBe(["340881-2026-000001", "340881-2026-000002"]);
        RiskGrader.Assess(Input(against: ["340881-2026-000001"]), RiskRules.Default).RedFlags.ShouldBeEmpty();
    }

    [Fact]
    public void An_earlier_dispute_of_the_same_party_is_a_repeat_and_is_linked()
    {
        var a = RiskGrader.Assess(Input(repeats: ["340881-2026-000007"]), RiskRules.Default);
        a.RedFlags.ShouldHaveSingleItem().LinkedCaseCodes.ShouldBe(["340881-2026-000007"]);
    }

    [Fact]
    public void The_lexicon_is_configuration()
    {
        var rules = RiskRules.Default with { ExtremeWords = ["讨说法"] };
        RiskGrader.Assess(Input("他说要去讨说法。"), rules).Urgent.ShouldBeTrue();
        RiskGrader.Assess(Input("丈夫扬言要搞出大事。"), rules).Urgent.ShouldBeFalse();
    }

    [Fact]
    public void Land_acquisition_disputes_start_at_major()
    {
        RiskGrader.Assess(Input(category: "05"), RiskRules.Default).Level.ShouldBe(RiskLevel.Major);
    }
}
