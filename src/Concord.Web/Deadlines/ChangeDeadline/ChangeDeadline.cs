using System.Globalization;
using Concord.Domain.Deadlines;
using Concord.Web.Calendar;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Deadlines.ChangeDeadline;

/// <summary>
/// Pausing (e.g. 等待鉴定意见), resuming and extending a stage deadline. Each change is read and
/// written inside the write transaction, so it can never overwrite a step the sweeper has just
/// taken on the same row (or the other way round).
/// </summary>
public static class ChangeDeadline
{
    public sealed record PauseRequest(string? Reason);

    public sealed record ResumeRequest(string? Note);

    public sealed record ExtendRequest(int? Days, bool BothPartiesConsent, string? Reason);

    public sealed record DeadlineView(string Stage, string StageLabel, DateTime StartedAt, DateTime DueAt, DateTime? PausedAt, bool Extended,
        string Step, string StepLabel, int Escalations, DateTime? NextActionAt, DateTime? MetAt)
    {
        public static DeadlineView Of(CaseDeadline d) => new(DeadlineTexts.Slug(d.Stage), DeadlineTexts.StageLabel(d.Stage), d.StartedAt, d.DueAt, d.PausedAt, d.Extended,
            d.Step.ToString(), DeadlineTexts.StepLabel(d.Step), d.Escalations, d.NextActionAt, d.MetAt);
    }

    public sealed class DeadlineNotRunning(SlaStage stage)
        : DomainException("deadline_not_running", $"该案件没有正在计时的{DeadlineTexts.StageLabel(stage)}期限。", 422);

    public sealed class DeadlineAlreadyPaused() : DomainException("deadline_already_paused", "该期限已暂停计时。", 422);

    public sealed class DeadlineNotPaused() : DomainException("deadline_not_paused", "该期限未暂停，无需恢复。", 422);

    public sealed class OnlyMediationCanBeExtended() : DomainException("deadline_not_extendable", "只有调解期限可以延长。", 422);

    public sealed class MediationExtendedOnlyOnce() : DomainException("deadline_already_extended", "调解期限只能延长一次，本案已延长过。", 422);

    public sealed class ExtensionNeedsBothPartiesConsent() : DomainException("consent_required", "延长调解期限须经双方当事人同意。", 422);

    public sealed class Handler(ConcordDb db, CalendarService calendar)
    {
        public async Task<IReadOnlyList<DeadlineView>> ListAsync(string code, CancellationToken ct = default)
        {
            var caseId = await db.Cases.Where(c => c.Code == code).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("该案件");
            var rows = await db.CaseDeadlines.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync(ct);
            return [.. rows.Select(DeadlineView.Of)];
        }

        public Task<DeadlineView> PauseAsync(string code, string stage, PauseRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var reason = request.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
            {
                errors.Add("reason", "请填写暂停原因，如“等待鉴定意见”。");
            }
            else if (reason.Length > 200)
            {
                errors.Add("reason", "暂停原因不超过 200 字。");
            }

            errors.ThrowIfAny();
            return ChangeAsync(code, stage, "paused", (d, now) =>
            {
                if (d.PausedAt is not null)
                {
                    throw new DeadlineAlreadyPaused();
                }

                d.Apply(Sla.Pause(d.ToState(), now));
                return ($"{DeadlineTexts.StageLabel(d.Stage)}期限暂停计时：{reason}。", new { reason });
            }, ct);
        }

        public Task<DeadlineView> ResumeAsync(string code, string stage, ResumeRequest request, CancellationToken ct = default) =>
            ChangeAsync(code, stage, "resumed", (d, now) =>
            {
                if (d.PausedAt is not { } pausedAt)
                {
                    throw new DeadlineNotPaused();
                }

                d.Apply(Sla.Resume(d.ToState(), now, calendar.Current));
                var note = string.IsNullOrWhiteSpace(request.Note) ? "" : $"（{request.Note.Trim()}）";
                return ($"{DeadlineTexts.StageLabel(d.Stage)}期限恢复计时{note}，自 {Fmt.Time(pausedAt)} 起暂停的时间不计入，新的截止时间为 {Fmt.Time(d.DueAt)}。",
                    new { pausedAt, note = request.Note });
            }, ct);

        public Task<DeadlineView> ExtendAsync(string code, string stage, ExtendRequest request, CancellationToken ct = default)
        {
            var max = Sla.Defaults[SlaStage.Mediation].MaxExtensionDays;
            var errors = new FieldErrors();
            if (request.Days is not { } days || days < 1 || days > max)
            {
                errors.Add("days", $"延长天数应为 1 至 {max} 天。");
            }

            errors.ThrowIfAny();
            return ChangeAsync(code, stage, "extended", (d, _) =>
            {
                if (Sla.Defaults[d.Stage].MaxExtensionDays == 0)
                {
                    throw new OnlyMediationCanBeExtended();
                }

                if (d.Extended)
                {
                    throw new MediationExtendedOnlyOnce();
                }

                if (!request.BothPartiesConsent)
                {
                    throw new ExtensionNeedsBothPartiesConsent();
                }

                var before = d.DueAt;
                d.Apply(Sla.Extend(d.ToState(), request.Days!.Value, request.BothPartiesConsent));
                var reason = string.IsNullOrWhiteSpace(request.Reason) ? "" : $"，理由：{request.Reason.Trim()}";
                return ($"经双方当事人同意，{DeadlineTexts.StageLabel(d.Stage)}期限延长 {request.Days} 天{reason}，截止时间由 {Fmt.Time(before)} 改为 {Fmt.Time(d.DueAt)}。",
                    new { days = request.Days, bothPartiesConsent = true, previousDueAt = before, reason = request.Reason });
            }, ct);
        }

        private async Task<DeadlineView> ChangeAsync(string code, string stageSlug, string action,
            Func<CaseDeadline, DateTime, (string Timeline, object Audit)> change, CancellationToken ct)
        {
            var stage = DeadlineTexts.ParseSlug(stageSlug) ?? throw new NotFoundException("该期限阶段");
            await using var write = await db.BeginWriteAsync(ct);
            var c = await db.Cases.Where(x => x.Code == code).Select(x => new { x.Id, x.Code, x.RegionCode }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("该案件");
            var deadline = await db.CaseDeadlines.Where(d => d.CaseId == c.Id && d.Stage == stage && d.MetAt == null)
                .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct) ?? throw new DeadlineNotRunning(stage);
            var now = db.Clock.GetUtcNow().UtcDateTime;
            var (text, details) = change(deadline, now);
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                At = now,
                Kind = $"deadline_{action}",
                Text = text,
                ActorName = db.Actor.Name,
                ActorOrgName = db.Actor.OrgName,
            });
            db.Audit($"deadline.{action}", nameof(CaseDeadline), deadline.Id.ToString(CultureInfo.InvariantCulture),
                new { caseCode = c.Code, stage = stage.ToString(), details, deadline.DueAt, deadline.PausedAt, deadline.NextActionAt });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return DeadlineView.Of(deadline);
        }
    }
}
