using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Domain.Deadlines;
using Concord.Web.Calendar;
using Concord.Web.Deadlines;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases.MoveCase;

/// <summary>
/// Moves a case along the lifecycle table (Concord.Domain.Cases.Lifecycle): loads it within the
/// actor's scope, lets the table decide, applies the use case's own change, and — in the same
/// transaction — sets the status, appends the timeline line, closes the stage deadlines that
/// the move ends, starts the one the new state needs, and writes the audit entry.
/// </summary>
public sealed class CaseLifecycle(ConcordDb db, CalendarService calendar, TimeProvider clock)
{
    public async Task<Case> LoadAsync(string code, CancellationToken ct) =>
        await db.Cases.Include(c => c.Deadlines).FirstOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException("该案件");

    public async Task<Case> MoveAsync(string code, CaseAction action, CaseFacts facts, string text, Func<Case, DateTime, Task>? change = null,
        object? auditDetails = null, CancellationToken ct = default)
    {
        var actor = db.Actor;
        var c = await LoadAsync(code, ct);
        // The system moves a case on a rule's behalf (a party's 不满意 reopens it): it takes the
        // role of the row it follows, so the table still decides whether the move exists.
        var role = actor.Role
            ?? (actor.IsSystem ? Lifecycle.Table.FirstOrDefault(t => t.From == c.Status && t.Action == action)?.Roles[0] : null)
            ?? throw new DomainException(actor.IsSystem ? "action_not_allowed_in_state" : "role_may_not",
                actor.IsSystem ? $"案件当前状态为“{CaseLabels.Of(c.Status)}”，不能{Lifecycle.Label(action)}。" : "当前账号不能办理案件。",
                actor.IsSystem ? 409 : 403);

        var (to, refusal) = Lifecycle.Decide(c.Status, action, role, facts);
        if (refusal is not null)
        {
            throw new DomainException(refusal.Code, refusal.Message, refusal.Code switch
            {
                "action_not_allowed_in_state" => 409,
                "role_may_not" => 403,
                _ => 422,
            });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (change is not null)
        {
            await change(c, now);
        }

        var from = c.Status;
        c.Status = to!.Value;
        c.UpdatedAt = now;
        if (c.Status is CaseStatus.Closed or CaseStatus.Withdrawn)
        {
            c.DutyListedAt = null;
        }

        foreach (var open in c.Deadlines.Where(d => d.MetAt is null && EndsWith(d.Stage, action)))
        {
            open.MetAt = now;
            open.NextActionAt = null;
        }

        // What the dashboard counts: when and how the handling ended, and whether on time.
        c.Outcome = Rollups.OutcomeAfter(from, c.Status, c.Outcome);
        if (!Rollups.IsConcluded(c.Status))
        {
            c.ConcludedAt = null;
            c.ConcludedOnTime = false;
        }
        else if (c.ConcludedAt is null)
        {
            c.ConcludedAt = now;
            c.ConcludedOnTime = !c.Deadlines.Any(d => d.Step >= DeadlineStep.Warned || (d.MetAt ?? now) > d.DueAt);
        }

        if (StageFor(c.Status) is { } stage && !c.Deadlines.Any(d => d.MetAt is null && d.Stage == stage))
        {
            var deadline = new CaseDeadline { RegionCode = c.RegionCode, Stage = stage, StartedAt = now };
            deadline.Apply(Sla.Start(stage, now, calendar.Current));
            c.Deadlines.Add(deadline);
        }

        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = c.Id,
            RegionCode = c.RegionCode,
            At = now,
            Kind = action.ToString(),
            Text = text,
            ActorName = actor.Name,
            ActorOrgName = actor.OrgName,
        });
        db.Audit($"case.{ToSnake(action)}", "Case", c.Code, new { from = from.ToString(), to = c.Status.ToString(), details = auditDetails });
        await db.SaveChangesAsync(ct);
        return c;
    }

    /// <summary>The deadline a state runs against: acceptance by the receiving side, or mediation.</summary>
    private static SlaStage? StageFor(CaseStatus status) => status switch
    {
        CaseStatus.Routed or CaseStatus.Returned => SlaStage.Acceptance,
        CaseStatus.Mediating => SlaStage.Mediation,
        _ => null,
    };

    /// <summary>Which running deadlines a move fulfils.</summary>
    private static bool EndsWith(SlaStage stage, CaseAction action) => stage switch
    {
        SlaStage.Acceptance or SlaStage.SameDay => action is not CaseAction.Reopen,
        SlaStage.Mediation => action is CaseAction.RecordAgreement or CaseAction.RecordNoAgreement or CaseAction.Withdraw or CaseAction.Close,
        _ => false,
    };

    private static string ToSnake(CaseAction action) => ModelConventions.Snake(action.ToString());
}
