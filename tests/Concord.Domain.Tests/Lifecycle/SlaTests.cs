using Concord.Domain.Calendar;
using Concord.Domain.Deadlines;

namespace Concord.Domain.Tests.Lifecycle;

public sealed class SlaTests
{
    private static readonly WorkingCalendar s_calendar = new(OfficialSchedules.All);

    /// <summary>A China-time wall clock, as UTC.</summary>
    private static DateTime China(int y, int mo, int d, int h = 9, int mi = 0) =>
        DateTime.SpecifyKind(new DateTime(y, mo, d, h, mi, 0) - Sla.ChinaOffset, DateTimeKind.Utc);

    [Fact]
    public void Acceptance_is_due_by_the_end_of_the_next_working_day()
    {
        var d = Sla.Start(SlaStage.Acceptance, China(2026, 11, 20, 16), s_calendar); // Friday afternoon
        d.DueAt.ShouldBe(China(2026, 11, 24, 0)); // end of Monday 23 Nov
    }

    [Fact]
    public void Acceptance_over_national_day_skips_the_holiday()
    {
        Sla.Start(SlaStage.Acceptance, China(2026, 9, 30, 10), s_calendar).DueAt.ShouldBe(China(2026, 10, 9, 0));
    }

    [Fact]
    public void A_red_flag_registered_on_a_working_day_is_due_the_same_day()
    {
        Sla.Start(SlaStage.SameDay, China(2026, 11, 23, 10), s_calendar).DueAt.ShouldBe(China(2026, 11, 24, 0));
    }

    [Fact]
    public void Mediation_is_due_thirty_days_later()
    {
        var start = China(2026, 11, 1);
        Sla.Start(SlaStage.Mediation, start, s_calendar).DueAt.ShouldBe(start.AddDays(30));
    }

    [Fact]
    public void Pausing_stops_the_clock_and_resuming_moves_the_due_time_by_the_pause()
    {
        var start = China(2026, 11, 1);
        var d = Sla.Start(SlaStage.Mediation, start, s_calendar);
        var paused = Sla.Pause(d, start.AddDays(5));
        Sla.NextActionAt(paused).ShouldBeNull();
        var resumed = Sla.Resume(paused, start.AddDays(12), s_calendar);
        resumed.DueAt.ShouldBe(d.DueAt.AddDays(7));
        resumed.PausedAt.ShouldBeNull();
    }

    [Fact]
    public void A_working_day_deadline_moves_by_the_working_days_spent_paused()
    {
        var d = Sla.Start(SlaStage.Acceptance, China(2026, 11, 23, 9), s_calendar); // due end of Tue 24th
        var resumed = Sla.Resume(Sla.Pause(d, China(2026, 11, 23, 10)), China(2026, 11, 25, 10), s_calendar); // two working days later
        resumed.DueAt.ShouldBe(China(2026, 11, 27, 0)); // end of Thu 26th
    }

    [Fact]
    public void Mediation_can_be_extended_once_by_up_to_thirty_days_with_both_parties_consent()
    {
        var d = Sla.Start(SlaStage.Mediation, China(2026, 11, 1), s_calendar);
        Should.Throw<InvalidOperationException>(() => Sla.Extend(d, 10, bothPartiesConsent: false));
        Should.Throw<ArgumentOutOfRangeException>(() => Sla.Extend(d, 31, bothPartiesConsent: true));
        var extended = Sla.Extend(d, 30, bothPartiesConsent: true);
        extended.DueAt.ShouldBe(d.DueAt.AddDays(30));
        Should.Throw<InvalidOperationException>(() => Sla.Extend(extended, 1, bothPartiesConsent: true));
        Should.Throw<InvalidOperationException>(() => Sla.Extend(Sla.Start(SlaStage.Acceptance, China(2026, 11, 2), s_calendar), 1, true));
    }

    [Fact]
    public void The_ladder_is_reminder_then_warning_when_overdue_then_escalation_each_period()
    {
        var d = Sla.Start(SlaStage.Acceptance, China(2026, 11, 23, 9), s_calendar); // due 24 Nov 00:00 China
        Sla.StepDue(d, China(2026, 11, 23, 12)).ShouldBeNull();
        Sla.NextActionAt(d).ShouldBe(d.DueAt.AddHours(-4));
        var remindAt = d.DueAt.AddHours(-3);
        Sla.StepDue(d, remindAt).ShouldBe(DeadlineStep.Reminded);
        d = Sla.Apply(d, DeadlineStep.Reminded);
        Sla.StepDue(d, remindAt).ShouldBeNull();
        Sla.StepDue(d, d.DueAt).ShouldBe(DeadlineStep.Warned);
        d = Sla.Apply(d, DeadlineStep.Warned);
        Sla.StepDue(d, d.DueAt.AddHours(23)).ShouldBeNull();
        Sla.StepDue(d, d.DueAt.AddHours(24)).ShouldBe(DeadlineStep.Escalated);
        d = Sla.Apply(d, DeadlineStep.Escalated);
        d.Escalations.ShouldBe(1);
        Sla.NextActionAt(d).ShouldBe(d.DueAt.AddHours(48));
    }

    [Fact]
    public void A_deadline_found_already_overdue_is_warned_not_reminded()
    {
        var d = Sla.Start(SlaStage.Verification, China(2026, 11, 23, 9), s_calendar);
        Sla.StepDue(d, d.DueAt.AddMinutes(5)).ShouldBe(DeadlineStep.Warned);
    }
}
