using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Domain.Regions;
using Concord.Web.Events;
using Concord.Web.Notifications;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Deadlines;

/// <summary>
/// Event deadlines (随手拍) on the same ladder as case deadlines: the same SLA policies, the same
/// reminder → overdue warning → escalation steps (<see cref="Sla.StepDue"/>), the same indexed
/// <c>next_action_at</c> probe, write transaction and <c>FOR UPDATE SKIP LOCKED</c>, and the same
/// supervision tasks up the tree. Only who handles an event differs: the grid station while it
/// waits in the grid, the department it was dispatched to, else the centre.
/// </summary>
public sealed partial class DeadlineSweeper
{
    private async Task<(int Selected, SweepResult Result)> SweepEventBatchAsync(DateTime now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext().ActAs(Actor.System());
        if (!await db.EventDeadlines.IgnoreQueryFilters().AnyAsync(d => d.NextActionAt <= now, ct))
        {
            return (0, SweepResult.None);
        }

        await using var write = await db.BeginWriteAsync(ct);
        var due = db.IsPostgres
            ? await db.EventDeadlines.FromSql($"SELECT * FROM event_deadlines WHERE next_action_at <= {now} ORDER BY next_action_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .IgnoreQueryFilters().ToListAsync(ct)
            : await db.EventDeadlines.IgnoreQueryFilters().Where(d => d.NextActionAt <= now).OrderBy(d => d.NextActionAt).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return (0, SweepResult.None);
        }

        var ladder = await EventLadder.LoadAsync(db, sms, due, now, ct);
        var result = SweepResult.None;
        foreach (var deadline in due)
        {
            result += ladder.Advance(deadline);
        }

        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return (due.Count, result);
    }

    private sealed class EventLadder
    {
        private readonly ConcordDb _db;
        private readonly ISmsSender _sms;
        private readonly DateTime _now;
        private Dictionary<long, EventRow> _events = [];
        private Dictionary<long, OrgRow> _orgsById = [];
        private Dictionary<string, OrgRow> _orgsByCode = [];
        private ILookup<long, string> _phones = Array.Empty<(long, string)>().ToLookup(p => p.Item1, p => p.Item2);
        private HashSet<(long EventId, string Region)> _openTasks = [];

        private EventLadder(ConcordDb db, ISmsSender sms, DateTime now)
        {
            _db = db;
            _sms = sms;
            _now = now;
        }

        private sealed record EventRow(long Id, string Code, string RegionCode, string ItemCode, EventStatus Status, long? DepartmentOrgUnitId, long? DispatcherOrgUnitId);

        private sealed record OrgRow(long Id, string Code, string Name, string RegionCode, OrgUnitKind Kind);

        public static async Task<EventLadder> LoadAsync(ConcordDb db, ISmsSender sms, List<EventDeadline> due, DateTime now, CancellationToken ct)
        {
            var ladder = new EventLadder(db, sms, now);
            var ids = due.Select(d => d.EventId).Distinct().ToList();
            ladder._events = await db.GridEvents.IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.Id))
                .Select(e => new EventRow(e.Id, e.Code, e.RegionCode, e.ItemCode, e.Status, e.DepartmentOrgUnitId, e.DispatcherOrgUnitId))
                .ToDictionaryAsync(e => e.Id, ct);

            var orgIds = ladder._events.Values.SelectMany(e => new[] { e.DepartmentOrgUnitId, e.DispatcherOrgUnitId }).OfType<long>().Distinct().ToList();
            var codes = ladder._events.Values.SelectMany(e => RegionCode.Lineage(e.RegionCode).Select(Ladder.CentreCode).Append($"{e.RegionCode}-WGZ")).Distinct().ToList();
            var orgs = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id) || codes.Contains(o.Code))
                .Select(o => new OrgRow(o.Id, o.Code, o.Name, o.RegionCode, o.Kind)).ToListAsync(ct);
            ladder._orgsById = orgs.ToDictionary(o => o.Id);
            ladder._orgsByCode = orgs.ToDictionary(o => o.Code, StringComparer.Ordinal);

            var staffOrgs = ladder._orgsById.Keys.ToList();
            var phones = await db.Users.IgnoreQueryFilters().AsNoTracking()
                .Where(u => staffOrgs.Contains(u.OrgUnitId) && u.PhoneNumber != null)
                .Select(u => new { u.OrgUnitId, u.PhoneNumber }).ToListAsync(ct);
            ladder._phones = phones.ToLookup(p => p.OrgUnitId, p => p.PhoneNumber!);

            var open = await db.SupervisionTasks.IgnoreQueryFilters().AsNoTracking()
                .Where(t => t.EventId != null && ids.Contains(t.EventId.Value) && t.ResolvedAt == null)
                .Select(t => new { t.EventId, t.RegionCode }).ToListAsync(ct);
            ladder._openTasks = [.. open.Select(t => (t.EventId!.Value, t.RegionCode))];
            return ladder;
        }

        /// <summary>Takes the steps due now, catching up missed periods in one go like the case ladder.</summary>
        public SweepResult Advance(EventDeadline deadline)
        {
            var state = deadline.ToState();
            var steps = new List<DeadlineStep>();
            if (deadline.MetAt is null)
            {
                while (Sla.StepDue(state, _now) is { } step)
                {
                    state = Sla.Apply(state, step);
                    steps.Add(step);
                }
            }

            deadline.Apply(state);
            if (steps.Count == 0 || !_events.TryGetValue(deadline.EventId, out var e))
            {
                return SweepResult.None;
            }

            var handling = HandlingOrg(e);
            string? supervising = null;
            var stage = DeadlineTexts.StageLabel(deadline.Stage);
            if (steps.Contains(DeadlineStep.Reminded))
            {
                Notify(handling, "deadline.reminder", $"事件 {e.Code}（{EventTaxonomy.NameOf(e.ItemCode)}）的{stage}期限将于 {Fmt.Time(deadline.DueAt)} 到期，请及时办理。", e);
                foreach (var phone in handling is null ? [] : _phones[handling.Id].Distinct(StringComparer.Ordinal))
                {
                    _sms.Queue(_db, phone, $"【和合】事件{e.Code}的{stage}期限将于{Fmt.Time(deadline.DueAt)}到期，请及时办理。");
                }

                Timeline(e, "reminded", $"{stage}期限将于 {Fmt.Time(deadline.DueAt)} 到期，已提醒{handling?.Name ?? "承办单位"}。");
            }

            if (steps.Contains(DeadlineStep.Warned))
            {
                var text = $"事件 {e.Code} 的{stage}期限已于 {Fmt.Time(deadline.DueAt)} 超期，请立即办理。";
                Notify(handling, "deadline.overdue", text, e);
                // The centre that dispatched it hears of it too; otherwise the nearest centre above.
                var centre = e.DispatcherOrgUnitId is { } id && _orgsById.TryGetValue(id, out var dispatcher) ? dispatcher : CentreAtOrAbove(e.RegionCode);
                if (centre is not null && centre.Id != handling?.Id)
                {
                    Notify(centre, "deadline.overdue", $"{handling?.Name}承办的{text}", e);
                }

                Timeline(e, "overdue", $"{stage}期限已超期（应于 {Fmt.Time(deadline.DueAt)} 前完成），已向{handling?.Name ?? "承办单位"}发出超期预警。");
            }

            if (steps.Contains(DeadlineStep.Escalated))
            {
                // Up the tree from the event's place (a department's county seat would skip the town).
                var region = Ladder.EscalationRegion(e.RegionCode, deadline.Escalations);
                var centre = CentreAtOrAbove(region);
                var reason = $"{handling?.Name ?? "承办单位"}办理的事件{stage}期限超期未办（应于 {Fmt.Time(deadline.DueAt)} 前完成），第 {deadline.Escalations} 次督办。";
                if (_openTasks.Add((e.Id, region)))
                {
                    _db.SupervisionTasks.Add(new SupervisionTask { EventId = e.Id, EventCode = e.Code, RegionCode = region, Reason = reason, CreatedAt = _now });
                }

                Notify(centre, "deadline.escalated", $"事件 {e.Code}：{reason}请督促办理。", e);
                Timeline(e, "escalated", $"{stage}期限超期未办，已升级至{centre?.Name ?? region}督办（第 {deadline.Escalations} 次）。");
                supervising = region;
            }

            _db.Audit($"deadline.{steps[^1].ToString().ToLowerInvariant()}", nameof(EventDeadline), deadline.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new
            {
                eventCode = e.Code,
                stage = deadline.Stage.ToString(),
                steps = steps.Select(s => s.ToString()),
                deadline.DueAt,
                deadline.Escalations,
                deadline.NextActionAt,
                handlingOrg = handling?.Code,
                supervisingRegion = supervising,
            });
            return new SweepResult(1, steps.Count(s => s == DeadlineStep.Reminded), steps.Count(s => s == DeadlineStep.Warned), steps.Contains(DeadlineStep.Escalated) ? 1 : 0);
        }

        /// <summary>Who must act now: the department it was dispatched to, the grid station while it waits in the grid, else the centre.</summary>
        private OrgRow? HandlingOrg(EventRow e) => e.Status switch
        {
            EventStatus.Dispatched when e.DepartmentOrgUnitId is { } d && _orgsById.TryGetValue(d, out var department) => department,
            EventStatus.Reported when _orgsByCode.TryGetValue($"{e.RegionCode}-WGZ", out var station) => station,
            EventStatus.Escalated or EventStatus.Replied when e.DispatcherOrgUnitId is { } c && _orgsById.TryGetValue(c, out var dispatcher) => dispatcher,
            _ => CentreAtOrAbove(e.RegionCode),
        };

        private OrgRow? CentreAtOrAbove(string region)
        {
            foreach (var code in RegionCode.Lineage(region).Reverse())
            {
                if (_orgsByCode.TryGetValue(Ladder.CentreCode(code), out var centre))
                {
                    return centre;
                }
            }

            return null;
        }

        /// <summary>Kept at the event's place: inside the receiving unit's scope whatever its level.</summary>
        private void Notify(OrgRow? org, string kind, string text, EventRow e)
        {
            if (org is not null)
            {
                _db.Notifications.Add(new Notification { RegionCode = e.RegionCode, OrgUnitId = org.Id, At = _now, Kind = kind, Text = text, CaseCode = e.Code });
            }
        }

        private void Timeline(EventRow e, string kind, string text) =>
            _db.EventTimeline.Add(new EventEntry { EventId = e.Id, RegionCode = e.RegionCode, At = _now, Kind = kind, Text = text, ActorName = "系统", ActorOrgName = "期限监督" });
    }
}
