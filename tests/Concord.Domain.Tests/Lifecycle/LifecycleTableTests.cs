using Concord.Domain.Cases;
using Concord.Domain.Identity;

namespace Concord.Domain.Tests.Lifecycle;

public sealed class LifecycleTableTests
{
    /// <summary>Facts under which every guard passes.</summary>
    private static readonly CaseFacts s_allGood = new()
    {
        HasReason = true,
        AgreementComplete = true,
        HasNextRoute = true,
        DaysSinceAgreementEffective = 1,
        PartiesAskedToRate = true,
    };

    public static TheoryData<CaseStatus, CaseAction, CaseStatus, Role> LegalMoves()
    {
        var data = new TheoryData<CaseStatus, CaseAction, CaseStatus, Role>();
        foreach (var t in Domain.Cases.Lifecycle.Table)
        {
            foreach (var role in t.Roles)
            {
                data.Add(t.From, t.Action, t.To, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void Every_legal_move_leads_to_its_state(CaseStatus from, CaseAction action, CaseStatus to, Role role)
    {
        var (next, refusal) = Domain.Cases.Lifecycle.Decide(from, action, role, s_allGood);
        refusal.ShouldBeNull();
        next.ShouldBe(to);
    }

    public static TheoryData<CaseStatus, CaseAction> IllegalMoves()
    {
        var data = new TheoryData<CaseStatus, CaseAction>();
        foreach (var from in Enum.GetValues<CaseStatus>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                if (!Domain.Cases.Lifecycle.Table.Any(t => t.From == from && t.Action == action))
                {
                    data.Add(from, action);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void Every_move_not_in_the_table_is_refused_with_a_named_error(CaseStatus from, CaseAction action)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var (next, refusal) = Domain.Cases.Lifecycle.Decide(from, action, role, s_allGood);
            next.ShouldBeNull();
            refusal.ShouldNotBeNull().Code.ShouldBe("action_not_allowed_in_state");
            refusal.Message.ShouldContain(CaseLabels.Of(from));
        }
    }

    [Fact]
    public void A_role_outside_the_row_is_refused_and_told_who_may()
    {
        var (next, refusal) = Domain.Cases.Lifecycle.Decide(CaseStatus.Registered, CaseAction.Accept, Role.GridWorker, s_allGood);
        next.ShouldBeNull();
        refusal.ShouldNotBeNull().Code.ShouldBe("role_may_not");
        refusal.Message.ShouldContain("中心受理员");
    }

    [Fact]
    public void The_admin_roles_can_move_no_case_at_all()
    {
        foreach (var t in Domain.Cases.Lifecycle.Table)
        {
            t.Roles.ShouldNotContain(Role.SystemAdmin);
            t.Roles.ShouldNotContain(Role.SecurityAdmin);
            t.Roles.ShouldNotContain(Role.AuditAdmin);
        }
    }

    [Fact]
    public void Returning_a_case_sends_it_back_to_the_centre_not_to_another_organisation()
    {
        var returns = Domain.Cases.Lifecycle.Table.Where(t => t.Action == CaseAction.Return).ToList();
        returns.ShouldNotBeEmpty();
        returns.ShouldAllBe(t => t.To == CaseStatus.Returned);
        Domain.Cases.Lifecycle.Table.Where(t => t.From == CaseStatus.Returned && t.To != CaseStatus.Withdrawn)
            .ShouldAllBe(t => t.Action == CaseAction.Route && t.Roles.All(r => r == Role.Clerk || r == Role.Supervisor));
    }

    [Fact]
    public void After_two_returns_only_the_centre_leader_may_route_again()
    {
        var twice = s_allGood with { ReturnCount = 2 };
        Domain.Cases.Lifecycle.Decide(CaseStatus.Returned, CaseAction.Route, Role.Clerk, twice).Refusal.ShouldNotBeNull().Code.ShouldBe("leader_must_decide");
        Domain.Cases.Lifecycle.Decide(CaseStatus.Returned, CaseAction.Route, Role.Supervisor, twice).To.ShouldBe(CaseStatus.Routed);
        Domain.Cases.Lifecycle.Decide(CaseStatus.Returned, CaseAction.Route, Role.Clerk, s_allGood with { ReturnCount = 1 }).To.ShouldBe(CaseStatus.Routed);
    }

    [Fact]
    public void A_return_needs_a_reason()
    {
        Domain.Cases.Lifecycle.Decide(CaseStatus.Routed, CaseAction.Return, Role.Mediator, s_allGood with { HasReason = false })
            .Refusal.ShouldNotBeNull().Code.ShouldBe("reason_required");
    }

    [Fact]
    public void An_incomplete_agreement_cannot_be_recorded_and_the_missing_parts_are_named()
    {
        var facts = s_allGood with { AgreementComplete = false, AgreementMissing = ["履行期限", "责任承担"] };
        var refusal = Domain.Cases.Lifecycle.Decide(CaseStatus.Mediating, CaseAction.RecordAgreement, Role.Mediator, facts).Refusal.ShouldNotBeNull();
        refusal.Code.ShouldBe("agreement_incomplete");
        refusal.Message.ShouldContain("履行期限");
        refusal.Message.ShouldContain("责任承担");
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Judicial_confirmation_is_applied_for_within_thirty_days_of_the_agreement(int days, bool allowed)
    {
        var result = Domain.Cases.Lifecycle.Decide(CaseStatus.Agreed, CaseAction.ApplyJudicialConfirmation, Role.Mediator, s_allGood with { DaysSinceAgreementEffective = days });
        (result.To == CaseStatus.JudicialConfirmation).ShouldBe(allowed);
        if (!allowed)
        {
            result.Refusal.ShouldNotBeNull().Code.ShouldBe("confirmation_window_closed");
        }
    }

    [Fact]
    public void Closing_is_refused_until_the_case_file_is_complete_naming_what_is_missing()
    {
        var facts = s_allGood with { MissingCaseFileItems = ["权利义务告知书", "封底"] };
        var refusal = Domain.Cases.Lifecycle.Decide(CaseStatus.AwaitingRating, CaseAction.Close, Role.Clerk, facts).Refusal.ShouldNotBeNull();
        refusal.Code.ShouldBe("case_file_incomplete");
        refusal.Message.ShouldContain("权利义务告知书");
        refusal.Message.ShouldContain("封底");
    }

    [Fact]
    public void Closing_needs_the_parties_to_have_been_asked_to_rate()
    {
        Domain.Cases.Lifecycle.Decide(CaseStatus.AwaitingRating, CaseAction.Close, Role.Mediator, s_allGood with { PartiesAskedToRate = false })
            .Refusal.ShouldNotBeNull().Code.ShouldBe("rating_not_requested");
    }

    [Fact]
    public void A_follow_up_that_finds_the_agreement_not_performed_reopens_mediation()
    {
        Domain.Cases.Lifecycle.Decide(CaseStatus.FollowUp, CaseAction.RecordNotPerformed, Role.Mediator, s_allGood).To.ShouldBe(CaseStatus.Mediating);
    }

    [Fact]
    public void Every_status_has_a_chinese_label_and_every_action_too()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            CaseLabels.Of(status).ShouldNotBe(status.ToString());
        }

        foreach (var action in Enum.GetValues<CaseAction>())
        {
            Domain.Cases.Lifecycle.Label(action).ShouldNotBe(action.ToString());
        }
    }

    [Fact]
    public void Every_status_but_closed_has_a_way_forward_and_closed_can_be_reopened()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            Domain.Cases.Lifecycle.Table.ShouldContain(t => t.From == status, $"{status} is a dead end");
        }
    }
}
