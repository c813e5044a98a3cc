using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using static Concord.Web.Mediation.RecordSession.RecordSession;

namespace Concord.Web.Mediation.RecordInvestigation;

/// <summary>调查记录: when and where the mediator inquired, of whom, and what was found.</summary>
public static class RecordInvestigation
{
    public sealed record Request(DateTimeOffset? At, string? Place, string? Investigator, string? Subject, string? Findings);

    public sealed record View(long Id, DateTime At, string Place, string Investigator, string Subject, string Findings, DateTime RecordedAt);

    public sealed class Handler(ConcordDb db, MediationAccess access)
    {
        public async Task<View> RecordAsync(string code, Request request, CancellationToken ct = default)
        {
            var c = await access.ForWriteAsync(code, ct);
            var errors = new FieldErrors();
            if (request.At is null)
            {
                errors.Add("at", "请填写调查时间。");
            }

            var place = Required(errors, "place", request.Place, "请填写调查地点。", 200);
            var investigator = Required(errors, "investigator", request.Investigator, "请填写调查人。", 200);
            var subject = Required(errors, "subject", request.Subject, "请填写被调查人或调查对象。", 200);
            var findings = Required(errors, "findings", request.Findings, "请填写调查情况。", 4000);
            errors.ThrowIfAny();

            var count = await db.InvestigationRecords.CountAsync(r => r.CaseId == c.Id, ct);
            var at = request.At!.Value.UtcDateTime;
            var now = access.AddTimeline(c, "investigation", $"调查记录（{Fmt.Time(at)}，{place}）");
            var record = new InvestigationRecord
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                At = at,
                Place = place!,
                Investigator = investigator!,
                Subject = subject!,
                Findings = findings!,
                RecordedByUserId = db.Actor.UserId,
                RecordedAt = now,
            };
            db.InvestigationRecords.Add(record);
            db.Audit("mediation.investigation_recorded", "InvestigationRecord", $"{c.Code}/{count + 1}", new { at, findingsLength = findings!.Length });
            await db.SaveChangesAsync(ct);
            return ToView(record);
        }

        public async Task<IReadOnlyList<View>> ListAsync(string code, CancellationToken ct = default)
        {
            var c = await access.ForReadAsync(code, ct);
            var records = await db.InvestigationRecords.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.At).ThenBy(r => r.Id).ToListAsync(ct);
            return [.. records.Select(ToView)];
        }

        private static View ToView(InvestigationRecord r) => new(r.Id, r.At, r.Place, r.Investigator, r.Subject, r.Findings, r.RecordedAt);

        private static string? Required(FieldErrors errors, string field, string? value, string missing, int max)
        {
            var clean = Clean(value);
            if (clean is null)
            {
                errors.Add(field, missing);
            }

            Length(errors, field, clean, max);
            return clean;
        }
    }
}
