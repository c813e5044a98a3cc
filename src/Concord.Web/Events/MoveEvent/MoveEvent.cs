using System.Security.Cryptography;
using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Web.Calendar;
using Concord.Web.Deadlines;
using Concord.Web.Notifications;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events.MoveEvent;

/// <summary>
/// Every move of an event after its report — 办小事 (handle in the grid with a proof photo),
/// 报大事 (escalate), dispatch to a department with an SLA deadline (大联勤), the department's
/// reply or return, the centre's verification, the reporter's rating, dismissal. Each goes
/// through <see cref="EventLifecycle"/>; in one write transaction the status, timeline line,
/// deadlines (the state's stage starts, the previous one is met), photos, notifications and
/// the audit entry are saved together. Pages and the API call these same methods.
/// </summary>
public static class MoveEvent
{
    public sealed record NoteRequest(string? Note);

    public sealed record ReasonRequest(string? Reason);

    public sealed record DispatchRequest(long? DepartmentOrgUnitId, string? Note);

    public sealed record ReplyRequest(string? Text, List<ReportEvent.ReportEvent.PhotoJson>? Photos = null);

    public sealed record HandleRequest(string? Note, List<ReportEvent.ReportEvent.PhotoJson>? Photos = null);

    public sealed record RateRequest(string? Rating, string? Comment);

    public sealed record DepartmentOption(long Id, string Name, bool Suggested);

    public sealed class Handler(ConcordDb db, EventAccess access, EventPhotoFiles photoFiles, CalendarService calendar, ISmsSender sms, PersonalData personalData, TimeProvider clock)
    {
        /// <summary>就地处置: the grid handled it; a proof photo is required.</summary>
        public async Task HandleInGridAsync(string code, HandleRequest request, IReadOnlyList<PhotoUpload>? uploads = null, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var note = Text(errors, "note", request.Note, "处置情况", 1000, required: true);
            var photos = EventPhotoFiles.Check([.. uploads ?? [], .. Decode(request.Photos, errors)], errors);
            errors.ThrowIfAny();
            await photoFiles.WriteAsync(photos, ct);
            await MoveAsync(code, EventAction.HandleInGrid, new EventFacts { HasProofPhoto = photos.Count > 0 }, (e, now) =>
            {
                AddPhotos(e, photos, PhotoPurpose.Proof, now);
                return Task.FromResult($"就地处置：{note}（处置后照片 {photos.Count} 张），待核查。");
            }, new { note, photos = photos.Select(p => p.Sha256) }, ct);
        }

        /// <summary>上报: the grid cannot handle it; the centre will dispatch it.</summary>
        public Task EscalateAsync(string code, NoteRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var note = Text(errors, "note", request.Note, "上报说明", 1000, required: false);
            errors.ThrowIfAny();
            return MoveAsync(code, EventAction.Escalate, new EventFacts(), (e, now) =>
            {
                e.DispatcherOrgUnitId = null;
                return Task.FromResult("上报中心（办小事、报大事）" + (note is null ? "。" : $"：{note}"));
            }, new { note }, ct);
        }

        public Task AcceptHandlingAsync(string code, CancellationToken ct = default) =>
            MoveAsync(code, EventAction.AcceptHandling, new EventFacts(), (e, now) => Task.FromResult("核查通过，事件办结。"), null, ct);

        public Task RejectHandlingAsync(string code, ReasonRequest request, CancellationToken ct = default)
        {
            var reason = Reason(request.Reason);
            return MoveAsync(code, EventAction.RejectHandling, new EventFacts { HasReason = reason is not null },
                (e, now) => Task.FromResult($"核查不通过，退回网格重新处置：{reason}"), new { reason }, ct);
        }

        /// <summary>派遣: the centre sends it to a department with a deadline (部门办理, the SLA engine's Disposal stage).</summary>
        public async Task DispatchAsync(string code, DispatchRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var note = Text(errors, "note", request.Note, "派遣意见", 1000, required: false);
            OrgUnit? department = null;
            if (request.DepartmentOrgUnitId is { } id)
            {
                // Departments sit above the centre that dispatches (a town centre sends work to the
                // county's bureaus), so they are looked up outside the actor's scope — but only
                // those along the event's own lineage may receive it.
                department = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.Kind == OrgUnitKind.Department, ct);
                var place = await access.Visible().Where(x => x.Code == code).Select(x => x.RegionCode).FirstOrDefaultAsync(ct);
                if (department is null || (place is not null && !Domain.Regions.RegionCode.IsWithin(place, department.RegionCode)))
                {
                    errors.Add("departmentOrgUnitId", "请选择本辖区的承办部门。");
                    department = null;
                }
            }

            errors.ThrowIfAny();
            await MoveAsync(code, EventAction.Dispatch, new EventFacts { HasDepartment = department is not null }, (e, now) =>
            {
                e.DepartmentOrgUnitId = department!.Id;
                e.DispatcherOrgUnitId = db.Actor.OrgUnitId;
                var due = Sla.DueAt(now, Sla.Defaults[SlaStage.Disposal], calendar.Current);
                Notify(e, department.Id, "event.dispatched",
                    $"事件 {e.Code}（{EventTaxonomy.NameOf(e.ItemCode)}）已派遣给你单位，请于 {Fmt.Time(due)} 前办理并反馈。", e.Code, now);
                return Task.FromResult($"派遣至{department.Name}，办理期限 {Fmt.Time(due)}" + (note is null ? "。" : $"；派遣意见：{note}"));
            }, new { department = department?.Code, note }, ct);
        }

        /// <summary>部门反馈: the department's result, optionally with photos; the centre verifies.</summary>
        public async Task ReplyAsync(string code, ReplyRequest request, IReadOnlyList<PhotoUpload>? uploads = null, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var text = Text(errors, "text", request.Text, "办理结果", 2000, required: false);
            var photos = EventPhotoFiles.Check([.. uploads ?? [], .. Decode(request.Photos, errors)], errors);
            errors.ThrowIfAny();
            await photoFiles.WriteAsync(photos, ct);
            await MoveAsync(code, EventAction.Reply, new EventFacts { HasReplyText = text is not null }, (e, now) =>
            {
                RequireOwnDepartment(e);
                AddPhotos(e, photos, PhotoPurpose.Reply, now);
                if (e.DispatcherOrgUnitId is { } centre)
                {
                    Notify(e, centre, "event.replied", $"{db.Actor.OrgName}已反馈事件 {e.Code} 的办理结果，请核查。", e.Code, now);
                }

                return Task.FromResult($"部门反馈：{text}" + (photos.Count == 0 ? "" : $"（照片 {photos.Count} 张）"));
            }, new { text, photos = photos.Select(p => p.Sha256) }, ct);
        }

        /// <summary>退回中心: not this department's business — back to the centre, never sideways.</summary>
        public Task ReturnToCentreAsync(string code, ReasonRequest request, CancellationToken ct = default)
        {
            var reason = Reason(request.Reason);
            return MoveAsync(code, EventAction.ReturnToCentre, new EventFacts { HasReason = reason is not null }, (e, now) =>
            {
                RequireOwnDepartment(e);
                var from = db.Actor.OrgName;
                e.DepartmentOrgUnitId = null;
                if (e.DispatcherOrgUnitId is { } centre)
                {
                    Notify(e, centre, "event.returned", $"{from}退回了事件 {e.Code}：{reason}。请重新派遣。", e.Code, now);
                }

                return Task.FromResult($"{from}退回中心：{reason}");
            }, new { reason }, ct);
        }

        /// <summary>核查通过: the centre accepts the department's reply; the event closes and the reporter is asked to rate.</summary>
        public Task AcceptReplyAsync(string code, CancellationToken ct = default) =>
            MoveAsync(code, EventAction.AcceptReply, new EventFacts(), (e, now) => Task.FromResult("核查通过，事件办结。"), null, ct);

        public Task RejectReplyAsync(string code, ReasonRequest request, CancellationToken ct = default)
        {
            var reason = Reason(request.Reason);
            return MoveAsync(code, EventAction.RejectReply, new EventFacts { HasReason = reason is not null }, (e, now) =>
            {
                Notify(e, e.DepartmentOrgUnitId!.Value, "event.rejected", $"事件 {e.Code} 的办理结果核查未通过，请重新办理：{reason}", e.Code, now);
                return Task.FromResult($"核查不通过，退回部门重新办理：{reason}");
            }, new { reason }, ct);
        }

        public Task DismissAsync(string code, ReasonRequest request, CancellationToken ct = default)
        {
            var reason = Reason(request.Reason);
            return MoveAsync(code, EventAction.Dismiss, new EventFacts { HasReason = reason is not null },
                (e, now) => Task.FromResult($"作废：{reason}"), new { reason }, ct);
        }

        /// <summary>A staff reporter rates in the app.</summary>
        public Task RateAsync(string code, RateRequest request, CancellationToken ct = default)
        {
            var (rating, comment) = CheckRating(request);
            return MoveAsync(code, EventAction.Rate, new EventFacts { HasRating = rating is not null, IsReporter = true }, (e, now) =>
            {
                if (e.ReporterUserId != db.Actor.UserId)
                {
                    throw new DomainException("not_the_reporter", "只有报告人可以评价。", 403);
                }

                return Task.FromResult(Rate(e, rating!.Value, comment, now));
            }, new { rating = rating?.ToString() }, ct);
        }

        /// <summary>An outside reporter rates through the link sent when the event closed (no login; the token is the credential).</summary>
        public async Task<string> RateByTokenAsync(string token, RateRequest request, CancellationToken ct = default)
        {
            var (rating, comment) = CheckRating(request);
            await using var write = await db.BeginWriteAsync(ct);
            var e = await db.GridEvents.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.RatingToken == token && token.Length >= 20, ct)
                ?? throw new NotFoundException("该评价链接");
            db.ActAs(Actor.System(e.RegionCode));
            var (to, refusal) = EventLifecycle.Decide(e.Status, EventAction.Rate, null, new EventFacts { IsReporter = true, HasRating = rating is not null });
            if (refusal is not null)
            {
                throw Refused(refusal);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var text = Rate(e, rating!.Value, comment, now);
            e.Status = to!.Value;
            e.UpdatedAt = now;
            Timeline(e, "Rate", text, now, PersonalNameOrChannel(e), null);
            db.Audit("event.rate", nameof(GridEvent), e.Code, new { from = EventStatus.Closed.ToString(), to = e.Status.ToString(), rating = rating.ToString() });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return $"感谢您的评价（{EventRatings.Label(rating.Value)}）。";
        }

        /// <summary>The departments the centre may dispatch to (its subtree), the taxonomy's default first.</summary>
        public async Task<IReadOnlyList<DepartmentOption>> DepartmentsAsync(string code, CancellationToken ct = default)
        {
            var e = await access.FindAsync(code, ct);
            var suffix = EventTaxonomy.FindItem(e.ItemCode)?.DepartmentSuffix;
            // Only units along the event's lineage serve it: the county's departments and the town's own (司法所).
            var lineage = Domain.Regions.RegionCode.Lineage(e.RegionCode).ToList();
            var units = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department && lineage.Contains(o.RegionCode))
                .OrderBy(o => o.Code).Select(o => new { o.Id, o.Name, o.Code, o.RegionCode }).ToListAsync(ct);
            return [.. units
                .Select(u => new DepartmentOption(u.Id, u.Name, suffix is not null && u.Code.EndsWith("-" + suffix, StringComparison.Ordinal)))
                .OrderByDescending(o => o.Suggested)];
        }

        private async Task MoveAsync(string code, EventAction action, EventFacts facts, Func<GridEvent, DateTime, Task<string>> change, object? audit, CancellationToken ct)
        {
            var actor = db.Actor;
            if (actor.Role is not { } role)
            {
                throw new DomainException("role_may_not", "当前账号不能办理事件。", 403);
            }

            await using var write = await db.BeginWriteAsync(ct);
            var e = await access.Visible().Include(x => x.Deadlines).FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException("该事件");
            var item = EventTaxonomy.FindItem(e.ItemCode);
            var (to, refusal) = EventLifecycle.Decide(e.Status, action, role, facts with { IsDispute = item?.IsDispute == true });
            if (refusal is not null)
            {
                throw Refused(refusal);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var from = e.Status;
            var text = await change(e, now);
            e.Status = to!.Value;
            e.UpdatedAt = now;
            Settle(e, now);
            Timeline(e, action.ToString(), text, now, actor.Name, actor.OrgName);
            db.Audit($"event.{ModelConventions.Snake(action.ToString())}", nameof(GridEvent), e.Code, new { from = from.ToString(), to = e.Status.ToString(), details = audit });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }

        /// <summary>
        /// Every move changes the stage: the running deadline is met, and the new state's one
        /// starts (the same SLA policies and sweeper ladder as cases). Closing notifies the
        /// reporter and opens the rating.
        /// </summary>
        private void Settle(GridEvent e, DateTime now)
        {
            foreach (var open in e.Deadlines.Where(d => d.MetAt is null))
            {
                open.MetAt = now;
                open.NextActionAt = null;
            }

            e.DueAt = null;
            if (StageFor(e.Status) is { } stage)
            {
                var deadline = new EventDeadline { EventId = e.Id, RegionCode = e.RegionCode, Stage = stage, StartedAt = now };
                deadline.Apply(Sla.Start(stage, now, calendar.Current));
                e.Deadlines.Add(deadline);
                e.DueAt = deadline.DueAt;
            }

            if (e.Status is EventStatus.Closed or EventStatus.Converted or EventStatus.Dismissed)
            {
                e.ClosedAt = now;
            }

            if (e.Status == EventStatus.Closed)
            {
                AskReporterToRate(e, now);
            }
        }

        public static SlaStage? StageFor(EventStatus status) => status switch
        {
            EventStatus.Reported or EventStatus.Escalated => SlaStage.Acceptance,
            EventStatus.HandledInGrid or EventStatus.Replied => SlaStage.Verification,
            EventStatus.Dispatched => SlaStage.Disposal,
            _ => null,
        };

        private void AskReporterToRate(GridEvent e, DateTime now)
        {
            if (e.ReporterUserId is { } userId)
            {
                db.Notifications.Add(new Notification
                {
                    RegionCode = e.RegionCode,
                    UserId = userId,
                    At = now,
                    Kind = "event.closed",
                    Text = $"您上报的事件 {e.Code}（{EventTaxonomy.NameOf(e.ItemCode)}）已办结，请在事件页面评价。",
                    CaseCode = e.Code,
                });
                return;
            }

            e.RatingToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (personalData.Reveal(e.ReporterPhone) is { } phone)
            {
                sms.Queue(db, phone, $"【和合】您反映的问题（{e.Code}）已办结，请评价：/rate-event/{e.RatingToken}");
            }
        }

        /// <summary>"不满意" does not pass silently: the centre that dispatched the event (or verified it) hears of it.</summary>
        private string Rate(GridEvent e, EventRating rating, string? comment, DateTime now)
        {
            e.Rating = rating;
            e.RatingComment = comment;
            e.RatedAt = now;
            if (rating == EventRating.Dissatisfied && e.DispatcherOrgUnitId is { } centre)
            {
                Notify(e, centre, "event.dissatisfied", $"报告人对事件 {e.Code} 的办理结果不满意" + (comment is null ? "。" : $"：{comment}"), e.Code, now);
            }

            return $"报告人评价：{EventRatings.Label(rating)}" + (comment is null ? "" : $"，{comment}");
        }

        private static (EventRating? Rating, string? Comment) CheckRating(RateRequest request)
        {
            var errors = new FieldErrors();
            EventRating? rating = EventRatings.TryParse(request.Rating, out var r) ? r : null;
            if (rating is null)
            {
                errors.Add("rating", "请选择满意、基本满意或不满意。");
            }

            var comment = Text(errors, "comment", request.Comment, "评价意见", 500, required: false);
            errors.ThrowIfAny();
            return (rating, comment);
        }

        private void RequireOwnDepartment(GridEvent e)
        {
            if (e.DepartmentOrgUnitId != db.Actor.OrgUnitId)
            {
                throw new DomainException("not_the_department", "该事件未派遣给你单位。", 403);
            }
        }

        private void AddPhotos(GridEvent e, List<CheckedPhoto> photos, PhotoPurpose purpose, DateTime now)
        {
            foreach (var p in photos)
            {
                db.EventPhotos.Add(EventPhotoFiles.ToRow(p, e, purpose, db.Actor.UserId, now));
            }
        }

        /// <summary>A notice to a unit's inbox, kept at the event's place: inside the scope of the writer and of the receiving unit alike.</summary>
        private void Notify(GridEvent e, long orgUnitId, string kind, string text, string eventCode, DateTime now) =>
            db.Notifications.Add(new Notification
            {
                RegionCode = e.RegionCode,
                OrgUnitId = orgUnitId,
                At = now,
                Kind = kind,
                Text = text,
                CaseCode = eventCode,
            });

        private void Timeline(GridEvent e, string kind, string text, DateTime now, string actorName, string? actorOrg) =>
            db.EventTimeline.Add(new EventEntry { EventId = e.Id, RegionCode = e.RegionCode, At = now, Kind = kind, Text = text, ActorName = actorName, ActorOrgName = actorOrg });

        private static string PersonalNameOrChannel(GridEvent e) => Domain.Privacy.PersonName.Mask(e.ReporterName);

        private static DomainException Refused(Domain.Cases.RuleViolation refusal) => new(refusal.Code, refusal.Message, refusal.Code switch
        {
            "action_not_allowed_in_state" => 409,
            "role_may_not" or "not_the_reporter" => 403,
            _ => 422,
        });

        private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(500, reason.Trim().Length)];

        private static string? Text(FieldErrors errors, string field, string? value, string label, int max, bool required)
        {
            var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (v is null && required)
            {
                errors.Add(field, $"请填写{label}。");
            }
            else if (v is { Length: var n } && n > max)
            {
                errors.Add(field, $"{label}不能超过 {max} 个字。");
            }

            return v;
        }

        private static IEnumerable<PhotoUpload> Decode(List<ReportEvent.ReportEvent.PhotoJson>? photos, FieldErrors errors)
        {
            var result = new List<PhotoUpload>();
            foreach (var (p, i) in (photos ?? []).Select((p, i) => (p, i)))
            {
                try
                {
                    result.Add(new PhotoUpload(p.FileName, Convert.FromBase64String(p.ContentBase64 ?? "")));
                }
                catch (FormatException)
                {
                    errors.Add("photos", $"第 {i + 1} 张照片不是有效的 base64 内容。");
                }
            }

            return result;
        }
    }
}
