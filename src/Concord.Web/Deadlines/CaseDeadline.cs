using Concord.Domain.Deadlines;
using Concord.Web.Shared;

namespace Concord.Web.Deadlines;

/// <summary>
/// A running stage deadline of a case. <see cref="NextActionAt"/> is indexed: the sweeper reads
/// only rows whose next action is due, so its work is proportional to what is due, not to the
/// number of open cases.
/// </summary>
public sealed class CaseDeadline : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public SlaStage Stage { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime DueAt { get; set; }

    public DateTime? PausedAt { get; set; }

    public bool Extended { get; set; }

    public DeadlineStep Step { get; set; }

    public int Escalations { get; set; }

    /// <summary>Null when paused or met; otherwise when the sweeper must look at it next.</summary>
    public DateTime? NextActionAt { get; set; }

    /// <summary>Set when the stage is done (met, or the case moved on).</summary>
    public DateTime? MetAt { get; set; }

    public DeadlineState ToState() => new(Stage, StartedAt, DueAt, PausedAt, Extended, Step, Escalations);

    /// <summary>What the dashboard roll-ups count of this deadline: overdue (past due, warned) and escalated.</summary>
    public Domain.Dashboard.DeadlineFigureFacts Figures() => new(RegionCode, DueAt, Step >= DeadlineStep.Warned, Escalations > 0);

    public void Apply(DeadlineState s)
    {
        DueAt = s.DueAt;
        PausedAt = s.PausedAt;
        Extended = s.Extended;
        Step = s.Step;
        Escalations = s.Escalations;
        NextActionAt = MetAt is null ? Sla.NextActionAt(s) : null;
    }
}

/// <summary>督办: a supervisor task one level up the tree, raised by an escalation of a case's or an event's deadline.</summary>
public sealed class SupervisionTask : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The case whose deadline was escalated; null for an event's.</summary>
    public long? CaseId { get; init; }

    /// <summary>The supervising level's region (one level above the handling place).</summary>
    public required string RegionCode { get; init; }

    public string? CaseCode { get; init; }

    /// <summary>The event (随手拍) whose deadline was escalated; null for a case's.</summary>
    public long? EventId { get; init; }

    public string? EventCode { get; init; }

    public required string Reason { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? ResolvedAt { get; set; }

    public string? Resolution { get; set; }
}
