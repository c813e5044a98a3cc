using Concord.Domain.Events;
using Concord.Domain.Identity;

namespace Concord.Domain.Tests.Events;

public sealed class EventLifecycleTests
{
    private static readonly EventFacts s_allGood = new()
    {
        HasReason = true,
        HasProofPhoto = true,
        HasDepartment = true,
        HasReplyText = true,
        IsReporter = true,
        IsDispute = true,
        HasRating = true,
    };

    public static TheoryData<EventStatus, EventAction, EventStatus, Role> LegalMoves()
    {
        var data = new TheoryData<EventStatus, EventAction, EventStatus, Role>();
        foreach (var t in EventLifecycle.Table)
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
    public void Every_legal_move_leads_to_its_state(EventStatus from, EventAction action, EventStatus to, Role role)
    {
        var (next, refusal) = EventLifecycle.Decide(from, action, role, s_allGood);
        refusal.ShouldBeNull();
        next.ShouldBe(to);
    }

    public static TheoryData<EventStatus, EventAction> IllegalMoves()
    {
        var data = new TheoryData<EventStatus, EventAction>();
        foreach (var from in Enum.GetValues<EventStatus>())
        {
            foreach (var action in Enum.GetValues<EventAction>())
            {
                if (!EventLifecycle.Table.Any(t => t.From == from && t.Action == action))
                {
                    data.Add(from, action);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void Every_move_not_in_the_table_is_refused_with_a_named_error(EventStatus from, EventAction action)
    {
        foreach (var role in Enum.GetValues<Role>().Cast<Role?>().Append(null))
        {
            var (next, refusal) = EventLifecycle.Decide(from, action, role, s_allGood);
            next.ShouldBeNull();
            refusal.ShouldNotBeNull().Code.ShouldBe("action_not_allowed_in_state");
            refusal.Message.ShouldContain(EventLifecycle.Label(from));
        }
    }

    public static TheoryData<EventStatus, EventAction, Role> WrongRoles()
    {
        var data = new TheoryData<EventStatus, EventAction, Role>();
        foreach (var group in EventLifecycle.Table.GroupBy(t => (t.From, t.Action)))
        {
            foreach (var role in Enum.GetValues<Role>().Where(r => !group.Any(t => t.Roles.Contains(r))))
            {
                data.Add(group.Key.From, group.Key.Action, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public void A_role_outside_the_row_is_refused_and_told_who_may(EventStatus from, EventAction action, Role role)
    {
        var (next, refusal) = EventLifecycle.Decide(from, action, role, s_allGood);
        next.ShouldBeNull();
        refusal.ShouldNotBeNull().Code.ShouldBe("role_may_not");
    }

    [Fact]
    public void An_outside_reporter_may_only_rate()
    {
        foreach (var t in EventLifecycle.Table)
        {
            var (next, refusal) = EventLifecycle.Decide(t.From, t.Action, null, s_allGood);
            if (t.Action == EventAction.Rate)
            {
                next.ShouldBe(EventStatus.Rated);
            }
            else
            {
                refusal.ShouldNotBeNull().Code.ShouldBe("role_may_not");
            }
        }
    }

    [Fact]
    public void The_admin_roles_can_move_no_event_at_all()
    {
        foreach (var t in EventLifecycle.Table)
        {
            t.Roles.ShouldNotContain(Role.SystemAdmin);
            t.Roles.ShouldNotContain(Role.SecurityAdmin);
            t.Roles.ShouldNotContain(Role.AuditAdmin);
        }
    }

    [Theory]
    [InlineData(EventStatus.Reported, EventAction.HandleInGrid, Role.GridWorker, "proof_photo_required")]
    [InlineData(EventStatus.Escalated, EventAction.Dispatch, Role.Clerk, "department_required")]
    [InlineData(EventStatus.Dispatched, EventAction.Reply, Role.DepartmentHandler, "reply_required")]
    [InlineData(EventStatus.Dispatched, EventAction.ReturnToCentre, Role.DepartmentHandler, "reason_required")]
    [InlineData(EventStatus.Replied, EventAction.RejectReply, Role.Clerk, "reason_required")]
    [InlineData(EventStatus.HandledInGrid, EventAction.RejectHandling, Role.GridLeader, "reason_required")]
    [InlineData(EventStatus.Reported, EventAction.Dismiss, Role.Clerk, "reason_required")]
    [InlineData(EventStatus.Reported, EventAction.ConvertToCase, Role.GridWorker, "not_a_dispute")]
    [InlineData(EventStatus.Closed, EventAction.Rate, Role.GridWorker, "not_the_reporter")]
    public void Each_guard_refuses_by_name_when_its_fact_is_missing(EventStatus from, EventAction action, Role role, string code)
    {
        var facts = code switch
        {
            "proof_photo_required" => s_allGood with { HasProofPhoto = false },
            "department_required" => s_allGood with { HasDepartment = false },
            "reply_required" => s_allGood with { HasReplyText = false },
            "reason_required" => s_allGood with { HasReason = false },
            "not_a_dispute" => s_allGood with { IsDispute = false },
            _ => s_allGood with { IsReporter = false },
        };
        var (next, refusal) = EventLifecycle.Decide(from, action, role, facts);
        next.ShouldBeNull();
        refusal.ShouldNotBeNull().Code.ShouldBe(code);
    }

    [Fact]
    public void A_department_returns_an_event_to_the_centre_never_sideways()
    {
        EventLifecycle.Table.Where(t => t.Action == EventAction.ReturnToCentre).ShouldAllBe(t => t.To == EventStatus.Escalated);
        EventLifecycle.Table.Where(t => t.Action == EventAction.Dispatch).ShouldAllBe(t => t.Roles.All(r => r == Role.Clerk || r == Role.Supervisor));
    }

    [Fact]
    public void Closed_rated_converted_and_dismissed_events_are_ended_and_only_a_closed_one_can_still_be_rated()
    {
        foreach (var status in Enum.GetValues<EventStatus>())
        {
            var moves = EventLifecycle.Table.Where(t => t.From == status).Select(t => t.Action).ToList();
            if (EventLifecycle.IsEnded(status))
            {
                moves.ShouldBe(status == EventStatus.Closed ? [EventAction.Rate] : []);
            }
            else
            {
                moves.ShouldNotBeEmpty();
            }
        }
    }
}
