using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediation.RecordSession;

/// <summary>
/// 调解会: schedules a session (on site or online, with its attendees) and records the six steps
/// 听、辨、劝、借、让、和 as a guided record, one step at a time; saving a step again replaces its notes.
/// </summary>
public static class RecordSession
{
    public sealed record SessionRequest(DateTimeOffset? StartsAt, bool Online, string? Place, string? OnlineLink, string? Attendees, string? Notes);

    public sealed record StepRequest(string? Notes);

    public sealed record StepView(string Step, string Label, string Prompt, string? Notes, DateTime? RecordedAt);

    public sealed record SessionView(long Id, int Number, DateTime StartsAt, bool Online, string? Place, string? OnlineLink, string Attendees, string? Notes,
        DateTime RecordedAt, int StepsCompleted, IReadOnlyList<StepView> Steps);

    public sealed class Handler(ConcordDb db, MediationAccess access)
    {
        public async Task<SessionView> ScheduleAsync(string code, SessionRequest request, CancellationToken ct = default)
        {
            var c = await access.ForWriteAsync(code, ct);
            var errors = new FieldErrors();
            if (request.StartsAt is null)
            {
                errors.Add("startsAt", "请填写调解时间。");
            }

            var place = Clean(request.Place);
            var link = Clean(request.OnlineLink);
            if (!request.Online && place is null)
            {
                errors.Add("place", "现场调解请填写调解地点。");
            }

            if (request.Online && link is null)
            {
                errors.Add("onlineLink", "线上调解请填写会议链接或会议号。");
            }

            var attendees = Clean(request.Attendees);
            if (attendees is null)
            {
                errors.Add("attendees", "请填写参加人员。");
            }

            Length(errors, "place", place, 200);
            Length(errors, "onlineLink", link, 500);
            Length(errors, "attendees", attendees, 1000);
            Length(errors, "notes", Clean(request.Notes), 4000);
            errors.ThrowIfAny();

            var number = await db.MediationSessions.Where(s => s.CaseId == c.Id).Select(s => (int?)s.Number).MaxAsync(ct) ?? 0;
            var session = new MediationSession
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                Number = number + 1,
                StartsAt = request.StartsAt!.Value.UtcDateTime,
                Online = request.Online,
                Place = request.Online ? null : place,
                OnlineLink = request.Online ? link : null,
                Attendees = attendees!,
                Notes = Clean(request.Notes),
                RecordedByUserId = db.Actor.UserId,
            };
            var now = access.AddTimeline(c, "mediation_session", $"安排第 {session.Number} 次调解（{Fmt.Time(session.StartsAt)}，{session.Where}）");
            db.MediationSessions.Add(session);
            session.RecordedAt = now;
            db.Audit("mediation.session_scheduled", "MediationSession", $"{c.Code}/{session.Number}",
                new { number = session.Number, startsAt = session.StartsAt, online = session.Online, attendeesLength = attendees!.Length });
            await db.SaveChangesAsync(ct);
            return View(session);
        }

        public async Task<SessionView> RecordStepAsync(string code, long sessionId, string step, StepRequest request, CancellationToken ct = default)
        {
            var c = await access.ForWriteAsync(code, ct);
            var session = await db.MediationSessions.Include(s => s.Steps).FirstOrDefaultAsync(s => s.Id == sessionId && s.CaseId == c.Id, ct)
                ?? throw new NotFoundException("该次调解");
            var errors = new FieldErrors();
            var parsed = MediationSteps.Parse(step);
            if (parsed is null)
            {
                errors.Add("step", "调解步骤须为听、辨、劝、借、让、和之一。");
            }

            var notes = Clean(request.Notes);
            if (notes is null)
            {
                errors.Add("notes", "请填写本步骤的记录。");
            }

            Length(errors, "notes", notes, 4000);
            errors.ThrowIfAny();

            var label = MediationSteps.Label(parsed!.Value);
            var now = access.AddTimeline(c, "mediation_step", $"第 {session.Number} 次调解（{session.Where}）：记录“{label}”");
            var existing = session.Steps.FirstOrDefault(s => s.Step == parsed);
            if (existing is null)
            {
                session.Steps.Add(new SessionStep { SessionId = session.Id, CaseId = c.Id, RegionCode = c.RegionCode, Step = parsed.Value, Notes = notes!, RecordedAt = now });
            }
            else
            {
                existing.Notes = notes!;
                existing.RecordedAt = now;
            }

            db.Audit("mediation.step_recorded", "MediationSession", $"{c.Code}/{session.Number}",
                new { step = parsed.Value.ToString(), replaced = existing is not null, notesLength = notes!.Length });
            await db.SaveChangesAsync(ct);
            return View(session);
        }

        public async Task<IReadOnlyList<SessionView>> ListAsync(string code, CancellationToken ct = default)
        {
            var c = await access.ForReadAsync(code, ct);
            var sessions = await db.MediationSessions.AsNoTracking().Include(s => s.Steps)
                .Where(s => s.CaseId == c.Id).OrderBy(s => s.Number).ToListAsync(ct);
            return [.. sessions.Select(View)];
        }

        private static SessionView View(MediationSession s) => new(s.Id, s.Number, s.StartsAt, s.Online, s.Place, s.OnlineLink, s.Attendees, s.Notes, s.RecordedAt,
            s.Steps.Count, [.. MediationSteps.InOrder.Select(step =>
            {
                var done = s.Steps.FirstOrDefault(x => x.Step == step);
                return new StepView(step.ToString(), MediationSteps.Label(step), MediationSteps.Prompt(step), done?.Notes, done?.RecordedAt);
            })]);
    }

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static void Length(FieldErrors errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, $"不能超过 {max} 个字。");
        }
    }
}
