using System.Globalization;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Deadlines.Supervise;

/// <summary>督办: the supervision tasks escalations raised in the supervisor's subtree, and resolving them with a note.</summary>
public static class Supervise
{
    public sealed record TaskRow(long Id, string? CaseCode, string? EventCode, string RegionCode, string RegionName, string Reason, DateTime CreatedAt, DateTime? ResolvedAt, string? Resolution);

    public sealed record ResolveRequest(string? Note);

    public sealed class TaskAlreadyResolved() : DomainException("task_already_resolved", "该督办任务已办结。", 422);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<IReadOnlyList<TaskRow>> ListAsync(bool includeResolved, CancellationToken ct = default)
        {
            var query = includeResolved ? db.SupervisionTasks : db.SupervisionTasks.Where(t => t.ResolvedAt == null);
            var rows = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(500).AsNoTracking().ToListAsync(ct);
            var codes = rows.Select(t => t.RegionCode).Distinct().ToList();
            var names = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            return [.. rows.Select(t => new TaskRow(t.Id, t.CaseCode, t.EventCode, t.RegionCode, names.GetValueOrDefault(t.RegionCode, t.RegionCode), t.Reason, t.CreatedAt, t.ResolvedAt, t.Resolution))];
        }

        public async Task ResolveAsync(long id, ResolveRequest request, CancellationToken ct = default)
        {
            var note = request.Note?.Trim();
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(note))
            {
                errors.Add("note", "请填写督办结果。");
            }
            else if (note.Length > 500)
            {
                errors.Add("note", "督办结果不超过 500 字。");
            }

            errors.ThrowIfAny();
            await using var write = await db.BeginWriteAsync(ct);
            var task = await db.SupervisionTasks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("该督办任务");
            if (task.ResolvedAt is not null)
            {
                throw new TaskAlreadyResolved();
            }

            var now = db.Clock.GetUtcNow().UtcDateTime;
            task.ResolvedAt = now;
            task.Resolution = note;
            var c = await db.Cases.Where(x => x.Id == task.CaseId).Select(x => new { x.Id, x.RegionCode }).FirstOrDefaultAsync(ct);
            if (task.EventId is { } eventId
                && await db.GridEvents.Where(x => x.Id == eventId).Select(x => new { x.Id, x.RegionCode }).FirstOrDefaultAsync(ct) is { } ev)
            {
                db.EventTimeline.Add(new Events.EventEntry
                {
                    EventId = ev.Id,
                    RegionCode = ev.RegionCode,
                    At = now,
                    Kind = "supervision_resolved",
                    Text = $"督办办结：{note}",
                    ActorName = db.Actor.Name,
                    ActorOrgName = db.Actor.OrgName,
                });
            }

            if (c is not null)
            {
                db.CaseEvents.Add(new CaseEvent
                {
                    CaseId = c.Id,
                    RegionCode = c.RegionCode,
                    At = now,
                    Kind = "supervision_resolved",
                    Text = $"督办办结：{note}",
                    ActorName = db.Actor.Name,
                    ActorOrgName = db.Actor.OrgName,
                });
            }

            db.Audit("supervision.resolved", nameof(SupervisionTask), id.ToString(CultureInfo.InvariantCulture), new { task.CaseCode, task.EventCode, task.RegionCode, note });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }
    }
}
