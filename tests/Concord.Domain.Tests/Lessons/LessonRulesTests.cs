using Concord.Domain.Lessons;
using Concord.Domain.Triage;

namespace Concord.Domain.Tests.Lessons;

public sealed class LessonRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 22);

    private static LessonEvidence E(bool failed = false, bool dissatisfied = false, int escalations = 0, RedFlagKind[]? flags = null, int? people = null) =>
        new(failed, dissatisfied, escalations, flags ?? [], people);

    [Fact]
    public void Each_kind_of_evidence_gives_its_reason_and_an_ordinary_case_gives_none()
    {
        var rules = RiskRules.Default;
        LessonRules.ReasonsFor(E(), rules).ShouldBeEmpty();
        LessonRules.ReasonsFor(E(flags: [RedFlagKind.ExtremeWords], people: 4), rules).ShouldBeEmpty();
        LessonRules.ReasonsFor(E(failed: true), rules).ShouldBe([LessonReason.Failed]);
        LessonRules.ReasonsFor(E(dissatisfied: true), rules).ShouldBe([LessonReason.Dissatisfied]);
        LessonRules.ReasonsFor(E(escalations: 2), rules).ShouldBe([LessonReason.EscalatedOverdue]);
        LessonRules.ReasonsFor(E(flags: [RedFlagKind.Repeat]), rules).ShouldBe([LessonReason.Repeat]);
        LessonRules.ReasonsFor(E(flags: [RedFlagKind.Group]), rules).ShouldBe([LessonReason.Group]);
        LessonRules.ReasonsFor(E(people: 5), rules).ShouldBe([LessonReason.Group]);
        LessonRules.ReasonsFor(E(people: 5), rules with { GroupApplicants = 10 }).ShouldBeEmpty();
        LessonRules.ReasonsFor(E(failed: true, flags: [RedFlagKind.Repeat, RedFlagKind.Group]), rules)
            .ShouldBe([LessonReason.Failed, LessonReason.Repeat, LessonReason.Group]);
    }

    [Fact]
    public void A_review_belongs_to_the_deepest_place_holding_all_its_cases_but_no_deeper_than_the_village()
    {
        LessonRules.ReviewRegion(["340881002003001"]).ShouldBe("340881002003");
        LessonRules.ReviewRegion(["340881002003001", "340881002003002"]).ShouldBe("340881002003");
        LessonRules.ReviewRegion(["340881002003001", "340881002001"]).ShouldBe("340881002");
        LessonRules.ReviewRegion(["340881002003", "340881003001"]).ShouldBe("340881");
    }

    [Fact]
    public void An_owner_must_see_the_reviews_place()
    {
        LessonRules.OwnerMustSeeTheReview("340881", "340881002003").ShouldBeNull();
        LessonRules.OwnerMustSeeTheReview("340881002003", "340881002003").ShouldBeNull();
        LessonRules.OwnerMustSeeTheReview("340881003", "340881002003")!.Code.ShouldBe("owner_out_of_reach");
        LessonRules.OwnerMustSeeTheReview("340881002003001", "340881002003")!.Code.ShouldBe("owner_out_of_reach");
    }

    [Fact]
    public void An_open_action_is_overdue_from_the_day_after_its_due_date_and_a_done_one_never_is()
    {
        LessonRules.IsOverdue(new ActionState(false, s_today), s_today).ShouldBeFalse();
        LessonRules.IsOverdue(new ActionState(false, s_today.AddDays(-1)), s_today).ShouldBeTrue();
        LessonRules.IsOverdue(new ActionState(true, s_today.AddDays(-30)), s_today).ShouldBeFalse();
        LessonRules.DueDateCannotBeInThePast(s_today, s_today).ShouldBeNull();
        LessonRules.DueDateCannotBeInThePast(s_today.AddDays(-1), s_today).ShouldNotBeNull();
    }

    [Fact]
    public void A_review_closes_only_with_every_action_done_and_the_supervisors_confirmation()
    {
        ActionState[] open = [new(true, s_today), new(false, s_today.AddDays(-2))];
        ActionState[] done = [new(true, s_today), new(true, s_today)];
        LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(false, [], true)!.Code.ShouldBe("review_has_open_actions");
        LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(false, open, true)!.Message.ShouldContain("1 项");
        LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(false, done, false)!.Code.ShouldBe("confirmation_required");
        LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(true, done, true)!.Code.ShouldBe("review_closed");
        LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(false, done, true).ShouldBeNull();

        var progress = LessonRules.Progress(open, s_today);
        progress.ShouldBe(new ReviewProgress(2, 1, 1));
        progress.AllDone.ShouldBeFalse();
        LessonRules.Progress(done, s_today).AllDone.ShouldBeTrue();
    }
}
