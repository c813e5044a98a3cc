using Concord.Domain.Registry;

namespace Concord.Domain.Tests;

public sealed class RegistryRulesTests
{
    [Theory]
    [InlineData("91340881MA2N0000X0", false)]
    [InlineData("9134088112345678", false)]
    public void A_credit_code_needs_18_characters_and_the_right_check_character(string code, bool valid) =>
        CreditCode.IsValid(code).ShouldBe(valid);

    [Fact]
    public void A_credit_code_with_its_computed_check_character_is_valid_and_any_other_is_not()
    {
        const string first17 = "91340881MA2N00001";
        var check = CreditCode.CheckCharFor(first17);
        CreditCode.IsValid(first17 + check).ShouldBeTrue();
        CreditCode.IsValid(first17 + (check == '0' ? '1' : '0')).ShouldBeFalse();
        CreditCode.IsValid("91340881MA2N0000I" + check).ShouldBeFalse("I is not in the alphabet");
    }

    [Theory]
    [InlineData("1234", true)]
    [InlineData("12345X", true)]
    [InlineData("12X4", false)]
    [InlineData("123", false)]
    [InlineData("1234567", false)]
    [InlineData("张三", false)]
    public void An_ID_tail_is_four_to_six_digits_the_last_may_be_X(string text, bool tail) =>
        IdTail.TryParse(text, out _).ShouldBe(tail);

    [Fact]
    public void The_tail_digest_input_is_the_last_six_characters_whatever_the_length_given()
    {
        IdTail.DigestInput("34088119900101123X").ShouldBe(IdTail.DigestInput("01123X"));
    }

    [Fact]
    public void A_template_check_names_missing_unknown_and_duplicated_headers()
    {
        var template = new ImportTemplate("t", "测试", [new("姓名", true, ""), new("电话", false, "")]);
        template.Check(["姓名", " 电话 "]).Matches.ShouldBeTrue();
        template.Check(["电话", "*姓名"]).Matches.ShouldBeTrue("order and a required-mark star do not matter");
        var check = template.Check(["姓名", "地址", "姓名"]);
        check.Missing.ShouldBe(["电话"]);
        check.Unknown.ShouldBe(["地址"]);
        check.Duplicated.ShouldBe(["姓名"]);
        check.Message("测试").ShouldContain("缺少列：电话");
    }

    [Fact]
    public void A_new_household_head_closes_the_previous_holders_term_the_day_before()
    {
        var open = new[] { new OpenAssignment(1, 10, "34088100200300101", GridPost.HouseholdHead, new DateOnly(2024, 1, 1)) };
        var plan = Reassignment.Plan(20, "34088100200300101", GridPost.HouseholdHead, new DateOnly(2026, 3, 1), open);
        plan.Refusal.ShouldBeNull();
        plan.ToClose.Select(a => a.Id).ShouldBe([1L]);
        plan.ClosedOn.ShouldBe(new DateOnly(2026, 2, 28));
    }

    [Fact]
    public void A_grid_may_have_several_workers_so_a_new_worker_closes_only_their_own_previous_post()
    {
        var open = new[]
        {
            new OpenAssignment(1, 10, "340881002003001", GridPost.FullTimeWorker, new DateOnly(2024, 1, 1)),
            new OpenAssignment(2, 20, "340881002003002", GridPost.PartTimeWorker, new DateOnly(2024, 1, 1)),
        };
        var plan = Reassignment.Plan(20, "340881002003001", GridPost.FullTimeWorker, new DateOnly(2026, 3, 1), open);
        plan.ToClose.Select(a => a.Id).ShouldBe([2L]);
    }

    [Fact]
    public void History_is_not_rewritten_a_start_before_the_term_it_closes_is_refused()
    {
        var open = new[] { new OpenAssignment(1, 10, "340881002003001", GridPost.GridLeader, new DateOnly(2026, 1, 1)) };
        Reassignment.Plan(20, "340881002003001", GridPost.GridLeader, new DateOnly(2025, 12, 1), open).Refusal.ShouldNotBeNull();
        Reassignment.Plan(10, "340881002003001", GridPost.GridLeader, new DateOnly(2026, 6, 1), open).Refusal.ShouldBe("该成员已担任此职务。");
    }

    [Fact]
    public void Household_heads_serve_a_household_unit_and_the_others_a_grid()
    {
        GridPosts.LevelOf(GridPost.HouseholdHead).ShouldBe(Regions.RegionLevel.HouseholdUnit);
        GridPosts.LevelOf(GridPost.PartTimeWorker).ShouldBe(Regions.RegionLevel.Grid);
        PartKinds.IsValid("0101").ShouldBeTrue();
        PartKinds.IsValid("0700").ShouldBeFalse();
    }
}
