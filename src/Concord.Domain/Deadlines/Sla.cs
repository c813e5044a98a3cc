using Concord.Domain.Calendar;

namespace Concord.Domain.Deadlines;

/// <summary>Stages that carry a deadline.</summary>
public enum SlaStage
{
    /// <summary>受理: the centre accepts a registered case within 1 working day.</summary>
    Acceptance,

    /// <summary>A red-flagged case is handled the same (working) day.</summary>
    SameDay,

    /// <summary>调解: within 30 days (人民调解法: 一般在一个月内), extendable once by up to 30 days with both parties' consent.</summary>
    Mediation,

    /// <summary>A dispatched item is verified within 24 hours.</summary>
    Verification,

    /// <summary>部门办理: a department handles an event dispatched to it (大联勤) within 5 working days.</summary>
    Disposal,
}

public enum SlaUnit
{
    WorkingDays,
    CalendarDays,
    Hours,
}

/// <summary>How long a stage may take, and when to remind and escalate.</summary>
public sealed record SlaPolicy(SlaStage Stage, int Amount, SlaUnit Unit, TimeSpan RemindBefore, TimeSpan EscalateAfter, int MaxExtensionDays = 0);

/// <summary>Where a deadline stands in its reminder → warning → escalation ladder.</summary>
public enum DeadlineStep
{
    None,
    Reminded,
    Warned,
    Escalated,
}

/// <summary>A running deadline. Times are UTC. While paused the clock stops: resuming moves the due time.</summary>
public sealed record DeadlineState(SlaStage Stage, DateTime StartedAt, DateTime DueAt, DateTime? PausedAt, bool Extended, DeadlineStep Step, int Escalations);

/// <summary>
/// Deadline maths on the working-day calendar. Working-day deadlines end at midnight China
/// time of their last day; the sweeper acts at <see cref="NextActionAt"/>, which is what the
/// database indexes so that a sweep touches only what is due.
/// </summary>
public static class Sla
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static readonly IReadOnlyDictionary<SlaStage, SlaPolicy> Defaults = new Dictionary<SlaStage, SlaPolicy>
    {
        [SlaStage.Acceptance] = new(SlaStage.Acceptance, 1, SlaUnit.WorkingDays, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        [SlaStage.SameDay] = new(SlaStage.SameDay, 0, SlaUnit.WorkingDays, TimeSpan.FromHours(3), TimeSpan.FromHours(2)),
        [SlaStage.Mediation] = new(SlaStage.Mediation, 30, SlaUnit.CalendarDays, TimeSpan.FromDays(3), TimeSpan.FromDays(3), MaxExtensionDays: 30),
        [SlaStage.Verification] = new(SlaStage.Verification, 24, SlaUnit.Hours, TimeSpan.FromHours(4), TimeSpan.FromHours(12)),
        [SlaStage.Disposal] = new(SlaStage.Disposal, 5, SlaUnit.WorkingDays, TimeSpan.FromDays(1), TimeSpan.FromDays(1)),
    };

    public static DateOnly ChinaDate(DateTime utc) => DateOnly.FromDateTime(utc + ChinaOffset);

    /// <summary>Midnight (end) of a China-time date, in UTC.</summary>
    public static DateTime EndOfChinaDay(DateOnly day) =>
        DateTime.SpecifyKind(day.AddDays(1).ToDateTime(TimeOnly.MinValue) - ChinaOffset, DateTimeKind.Utc);

    public static DateTime DueAt(DateTime startUtc, SlaPolicy policy, WorkingCalendar calendar) => policy.Unit switch
    {
        SlaUnit.WorkingDays => EndOfChinaDay(calendar.AddWorkingDays(ChinaDate(startUtc), policy.Amount)),
        SlaUnit.CalendarDays => startUtc.AddDays(policy.Amount),
        SlaUnit.Hours => startUtc.AddHours(policy.Amount),
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    public static DeadlineState Start(SlaStage stage, DateTime startUtc, WorkingCalendar calendar, IReadOnlyDictionary<SlaStage, SlaPolicy>? policies = null)
    {
        var policy = (policies ?? Defaults)[stage];
        return new DeadlineState(stage, startUtc, DueAt(startUtc, policy, calendar), null, false, DeadlineStep.None, 0);
    }

    public static DeadlineState Pause(DeadlineState d, DateTime atUtc) =>
        d.PausedAt is null ? d with { PausedAt = atUtc } : throw new InvalidOperationException("The deadline is already paused.");

    /// <summary>The due time moves by the time spent paused (counted in working days for working-day stages).</summary>
    public static DeadlineState Resume(DeadlineState d, DateTime atUtc, WorkingCalendar calendar, IReadOnlyDictionary<SlaStage, SlaPolicy>? policies = null)
    {
        if (d.PausedAt is not { } pausedAt)
        {
            throw new InvalidOperationException("The deadline is not paused.");
        }

        var policy = (policies ?? Defaults)[d.Stage];
        var due = policy.Unit == SlaUnit.WorkingDays
            ? EndOfChinaDay(calendar.AddWorkingDays(ChinaDate(d.DueAt.AddTicks(-1)), Math.Max(0, calendar.WorkingDaysBetween(ChinaDate(pausedAt), ChinaDate(atUtc)))))
            : d.DueAt + (atUtc - pausedAt);
        return d with { PausedAt = null, DueAt = due, Step = due > atUtc ? DeadlineStep.None : d.Step };
    }

    /// <summary>Once, by up to the policy's maximum, and only with both parties' consent.</summary>
    public static DeadlineState Extend(DeadlineState d, int days, bool bothPartiesConsent, IReadOnlyDictionary<SlaStage, SlaPolicy>? policies = null)
    {
        var policy = (policies ?? Defaults)[d.Stage];
        if (policy.MaxExtensionDays == 0)
        {
            throw new InvalidOperationException("This stage cannot be extended.");
        }

        if (d.Extended)
        {
            throw new InvalidOperationException("The deadline has already been extended once.");
        }

        if (!bothPartiesConsent)
        {
            throw new InvalidOperationException("Extending needs both parties' consent.");
        }

        if (days < 1 || days > policy.MaxExtensionDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), $"1 to {policy.MaxExtensionDays} days.");
        }

        return d with { DueAt = d.DueAt.AddDays(days), Extended = true, Step = DeadlineStep.None };
    }

    /// <summary>When the sweeper must next look at this deadline; null when paused or nothing is left to do.</summary>
    public static DateTime? NextActionAt(DeadlineState d, IReadOnlyDictionary<SlaStage, SlaPolicy>? policies = null)
    {
        if (d.PausedAt is not null)
        {
            return null;
        }

        var policy = (policies ?? Defaults)[d.Stage];
        return d.Step switch
        {
            DeadlineStep.None => d.DueAt - policy.RemindBefore,
            DeadlineStep.Reminded => d.DueAt,
            _ => d.DueAt + (policy.EscalateAfter * (d.Escalations + 1)),
        };
    }

    /// <summary>The step due at <paramref name="nowUtc"/>, if any: remind, warn when overdue, then escalate again each period.</summary>
    public static DeadlineStep? StepDue(DeadlineState d, DateTime nowUtc, IReadOnlyDictionary<SlaStage, SlaPolicy>? policies = null)
    {
        var next = NextActionAt(d, policies);
        if (next is null || nowUtc < next)
        {
            return null;
        }

        return d.Step switch
        {
            DeadlineStep.None when nowUtc < d.DueAt => DeadlineStep.Reminded,
            DeadlineStep.None or DeadlineStep.Reminded => DeadlineStep.Warned,
            _ => DeadlineStep.Escalated,
        };
    }

    public static DeadlineState Apply(DeadlineState d, DeadlineStep step) => step switch
    {
        DeadlineStep.Escalated => d with { Step = step, Escalations = d.Escalations + 1 },
        _ => d with { Step = step },
    };
}
