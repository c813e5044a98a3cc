using Concord.Domain.Cases;
using Concord.Web.Cases;
using Concord.Web.Cases.MoveCase;
using Concord.Web.Closing;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Confirmation;

/// <summary>
/// 司法确认 (人民调解法 art. 33): the parties may jointly apply to a court within 30 days of the
/// agreement taking effect; the court decides on acceptance within 3 days; a confirmed agreement
/// is enforceable and goes to follow-up; a rejected one is amended (back to mediation) or the
/// parties go to court (litigation).
/// </summary>
public static class ConfirmCase
{
    public const int AcceptanceDays = 3;

    public sealed record ApplyRequest(string? Court);

    public sealed record OutcomeRequest(string? Outcome, string? Note, DateOnly? PerformanceDeadline);

    public sealed record Status(DateTime? AgreementEffectiveAt, DateTime? ApplyBy, int? DaysLeftToApply, string? Court, DateTime? AppliedAt,
        DateTime? AcceptanceDueAt, DateTime? AcceptedAt, string? Outcome);

    public sealed class Handler(ConcordDb db, CaseLifecycle lifecycle, TimeProvider clock)
    {
        public async Task<Status> StatusAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var effective = await EffectiveAtAsync(c.Id, ct);
            var j = await db.JudicialConfirmations.AsNoTracking().Where(x => x.CaseId == c.Id).OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            DateTime? applyBy = effective?.AddDays(Lifecycle.JudicialConfirmationWindowDays);
            return new Status(effective, applyBy, applyBy is { } by ? (int)Math.Ceiling((by - now).TotalDays) : null, j?.Court, j?.AppliedAt,
                j?.AppliedAt.AddDays(AcceptanceDays), j?.AcceptedAt, j?.Outcome?.ToString());
        }

        public async Task ApplyAsync(string code, ApplyRequest request, CancellationToken ct = default)
        {
            if (string.IsNullOrWhiteSpace(request.Court))
            {
                var errors = new FieldErrors();
                errors.Add("court", "请填写受理司法确认的人民法院。");
                errors.ThrowIfAny();
            }

            var c = await lifecycle.LoadAsync(code, ct);
            var effective = await EffectiveAtAsync(c.Id, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            int? days = effective is { } e ? (int)Math.Floor((now - e).TotalDays) : null;
            await lifecycle.MoveAsync(code, CaseAction.ApplyJudicialConfirmation, new CaseFacts { DaysSinceAgreementEffective = days },
                $"双方共同向{request.Court!.Trim()}申请司法确认（法院一般在 {AcceptanceDays} 日内决定是否受理）。",
                (moved, at) =>
                {
                    db.JudicialConfirmations.Add(new JudicialConfirmation { CaseId = moved.Id, RegionCode = moved.RegionCode, Court = request.Court.Trim(), AppliedAt = at });
                    return Task.CompletedTask;
                }, new { court = request.Court }, ct);
        }

        public async Task RecordAcceptanceAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            if (c.Status != CaseStatus.JudicialConfirmation)
            {
                throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，没有待受理的司法确认申请。", 409);
            }

            var j = await CurrentAsync(c.Id, ct);
            if (j.AcceptedAt is not null)
            {
                throw new DomainException("already_accepted", "法院已受理该申请。", 409);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            j.AcceptedAt = now;
            db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, RegionCode = c.RegionCode, At = now, Kind = "confirmation_accepted", Text = $"{j.Court}已受理司法确认申请。", ActorName = db.Actor.Name, ActorOrgName = db.Actor.OrgName });
            db.Audit("case.confirmation_accepted", "Case", c.Code, new { j.Court });
            await db.SaveChangesAsync(ct);
        }

        public async Task RecordOutcomeAsync(string code, OutcomeRequest request, CancellationToken ct = default)
        {
            var outcome = request.Outcome?.ToLowerInvariant() switch
            {
                "confirmed" => ConfirmationOutcome.Confirmed,
                "rejected-amend" or "rejectedamend" => ConfirmationOutcome.RejectedAmend,
                "rejected-litigate" or "rejectedlitigate" => ConfirmationOutcome.RejectedLitigate,
                _ => (ConfirmationOutcome?)null,
            };
            var errors = new FieldErrors();
            if (outcome is null)
            {
                errors.Add("outcome", "请选择结果：确认有效、驳回后变更协议或驳回后诉讼。");
            }

            if (outcome == ConfirmationOutcome.Confirmed && request.PerformanceDeadline is null)
            {
                errors.Add("performanceDeadline", "确认有效后须填写履行期限，以便到期回访。");
            }

            errors.ThrowIfAny();
            var action = outcome switch
            {
                ConfirmationOutcome.Confirmed => CaseAction.RecordConfirmed,
                ConfirmationOutcome.RejectedAmend => CaseAction.RecordRejectedAmend,
                _ => CaseAction.RecordRejectedLitigate,
            };
            var text = outcome switch
            {
                ConfirmationOutcome.Confirmed => $"法院裁定调解协议有效（具有强制执行力），于 {request.PerformanceDeadline:yyyy-MM-dd} 回访。",
                ConfirmationOutcome.RejectedAmend => $"法院驳回司法确认申请，变更原调解协议或达成新协议：{request.Note?.Trim()}",
                _ => $"法院驳回司法确认申请，当事人向人民法院起诉：{request.Note?.Trim()}",
            };
            await lifecycle.MoveAsync(code, action, new CaseFacts { HasReason = outcome == ConfirmationOutcome.Confirmed || !string.IsNullOrWhiteSpace(request.Note) }, text,
                async (c, now) =>
                {
                    var j = await CurrentAsync(c.Id, ct);
                    j.DecidedAt = now;
                    j.AcceptedAt ??= now;
                    j.Outcome = outcome;
                    j.Note = request.Note?.Trim();
                    if (outcome == ConfirmationOutcome.Confirmed)
                    {
                        db.FollowUpVisits.Add(new FollowUpVisit { CaseId = c.Id, RegionCode = c.RegionCode, DueOn = request.PerformanceDeadline!.Value });
                        if (!await db.CaseFileEntries.AnyAsync(x => x.CaseId == c.Id && x.Item == CaseFileItem.JudicialConfirmation, ct))
                        {
                            db.CaseFileEntries.Add(new CaseFileEntry { CaseId = c.Id, RegionCode = c.RegionCode, Item = CaseFileItem.JudicialConfirmation, Note = "民事裁定书", AddedAt = now, AddedByUserId = db.Actor.UserId });
                        }
                    }
                }, new { outcome = outcome.ToString(), note = request.Note }, ct);
        }

        private async Task<JudicialConfirmation> CurrentAsync(long caseId, CancellationToken ct) =>
            await db.JudicialConfirmations.Where(x => x.CaseId == caseId && x.DecidedAt == null).OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("action_not_allowed_in_state", "没有待决定的司法确认申请。", 409);

        private Task<DateTime?> EffectiveAtAsync(long caseId, CancellationToken ct) =>
            db.Agreements.AsNoTracking().Where(a => a.CaseId == caseId && a.EffectiveAt != null).OrderByDescending(a => a.Id).Select(a => a.EffectiveAt).FirstOrDefaultAsync(ct);
    }
}
