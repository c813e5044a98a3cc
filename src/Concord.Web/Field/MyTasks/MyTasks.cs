using System.Data.Common;
using System.Globalization;
using Concord.Domain.Cases;
using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Web.Events;
using Concord.Web.Mediators;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Concord.Web.Visits.VisitsDue;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Field.MyTasks;

/// <summary>
/// 我的任务: what is waiting for the signed-in grid worker, 网格长 or 联户长 — events of their
/// grid awaiting a move their role may make, their own reports that came back to them (closed,
/// to rate), cases assigned to them or needing the grid (回访, 待评价, 重点稳控), and visits due.
/// Scope is the DbContext's business: every list is already cut to the actor's subtree.
/// </summary>
public static class MyTasks
{
    /// <summary>
    /// Each section shows the most urgent items — a phone screen's worth; <see cref="Section{T}.Total"/>
    /// says how many there are, and the page links to the full list.
    /// </summary>
    public const int SectionSize = 20;

    public sealed record EventTask(string Code, string ItemName, string ItemPath, string Text, string Status, string StatusLabel,
        string Reason, string RegionCode, DateTime ReportedAt, DateTime? DueAt, bool Overdue, bool Mine, string Url);

    public sealed record CaseTask(string Code, string Summary, string Category, string Status, string StatusLabel,
        string RiskLevel, string RiskLabel, bool Urgent, string Reason, string RegionCode, DateTime RegisteredAt, DateTime? DueAt, bool Overdue, string Url);

    /// <summary>
    /// A household on today's visit round (日基本走访、周重点走访), from the visits module's due
    /// list (<see cref="VisitsDue"/>); the card opens the visit log for it.
    /// </summary>
    /// <param name="HouseholdId">Null only for the notice that the scope is too large for one list.</param>
    /// <param name="Place">十联户 and head of household (masked as the visits module shows them).</param>
    /// <param name="DueAt">When the visit window ran out; null when never visited.</param>
    public sealed record VisitTask(long? HouseholdId, string Title, string? Place, string Reason, bool Key, DateTime? LastVisitedAt, DateTime? DueAt, bool Overdue, string Url);

    public sealed record Section<T>(IReadOnlyList<T> Items, int Total);

    public sealed record Result(Section<EventTask> Events, Section<EventTask> MyReports, Section<CaseTask> Cases, Section<VisitTask> Visits, DateTime At)
    {
        /// <summary>Things to act on (my open reports are for information, not counted).</summary>
        public int Count => Events.Total + Cases.Total + Visits.Total;
    }

    private static readonly Role[] s_gridRoles = [Role.GridWorker, Role.GridLeader, Role.HouseholdHead];

    private static readonly CaseStatus[] s_endedCases = [CaseStatus.Closed, CaseStatus.Withdrawn, CaseStatus.NoAgreement];

    /// <summary>
    /// Every grid worker opens this page many times a day (at province scale it is half of the
    /// grid's requests), so its reads are plain SQL on a pooled connection
    /// (<see cref="RawReads"/>, docs/decisions/0008-my-tasks-raw-reads.md), each limited to the
    /// actor's subtree by <see cref="RawReads.ScopeSql"/> — the bounds of the context's query filter.
    /// </summary>
    public sealed class Handler(ConcordDb db, RawReads reads, VisitsDue.Handler visitsDue, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(CancellationToken ct = default)
        {
            var actor = db.Actor;
            var now = clock.GetUtcNow().UtcDateTime;
            var eventsToo = actor.Can(Permission.EventsRead) && actor.UserId is not null && actor.Role is not null;
            var casesToo = actor.Can(Permission.CasesRead);
            Section<EventTask> eventTasks = new([], 0), myReports = new([], 0);
            Section<CaseTask> caseTasks = new([], 0);
            if (eventsToo || casesToo)
            {
                // The sections in one batch: one round trip to the database for all of them.
                var args = new RawReads.Args(actor);
                var statements = new List<string>(3);
                if (eventsToo)
                {
                    var actionable = ActionableStatuses(actor);
                    statements.Add(EventTasksSql(actor, actionable, args));
                    statements.Add(MyReportsSql(actor, actionable, args));
                }

                if (casesToo)
                {
                    statements.Add(CaseTasksSql(actor, args));
                }

                await using var lease = await reads.RentAsync(ct);
                var cmd = await lease.CommandAsync(string.Join(";\n", statements), args, ct);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                if (eventsToo)
                {
                    eventTasks = await ReadEventsAsync(r, actor.UserId!.Value, now, ct);
                    await r.NextResultAsync(ct);
                    myReports = await ReadEventsAsync(r, actor.UserId!.Value, now, ct);
                    await r.NextResultAsync(ct);
                }

                if (casesToo)
                {
                    caseTasks = await ReadCasesAsync(r, now, ct);
                }
            }

            var visits = actor.Role is { } gridRole && s_gridRoles.Contains(gridRole) && actor.Can(Permission.VisitsLog)
                ? await VisitTasksAsync(ct)
                : new Section<VisitTask>([], 0);
            return new Result(eventTasks, myReports, caseTasks, visits, now);
        }

        /// <summary>
        /// Events waiting for the actor: in a status where the role has a move other than rating
        /// (the lifecycle table says which — a grid worker: 待处置; a 网格长 also 待核查), plus
        /// the actor's own reports that are closed and wait for their rating.
        /// </summary>
        private static string EventTasksSql(Actor actor, EventStatus[] statuses, RawReads.Args args)
        {
            var mayRate = EventLifecycle.Available(EventStatus.Closed, actor.Role!.Value).Contains(EventAction.Rate);
            // One range of the task index: the statuses (closed ones too when the actor may rate),
            // then the closed ones kept only when the actor reported them — from the index's columns.
            var filter = mayRate
                ? $"g.status IN ({RawReads.Literals(statuses.Append(EventStatus.Closed))}) AND (g.status <> '{EventStatus.Closed}' OR g.reporter_user_id = {args.Add("@user", actor.UserId)})"
                : $"g.status IN ({RawReads.Literals(statuses)})";
            return EventSectionSql(actor, args, filter, SectionSize);
        }

        /// <summary>Statuses in which the role has a move other than rating (the lifecycle table says which).</summary>
        private static EventStatus[] ActionableStatuses(Actor actor) => actor.Role is { } role
            ? [.. Enum.GetValues<EventStatus>().Where(s => EventLifecycle.Available(s, role).Any(a => a != EventAction.Rate))]
            : [];

        /// <summary>My own reports still on their way elsewhere (for information; those waiting for me are tasks above).</summary>
        private static string MyReportsSql(Actor actor, EventStatus[] actionable, RawReads.Args args)
        {
            var open = Enum.GetValues<EventStatus>().Where(s => !EventLifecycle.IsEnded(s) && !actionable.Contains(s));
            var filter = $"g.reporter_user_id = {args.Add("@user", actor.UserId)} AND g.status IN ({RawReads.Literals(open)})";
            return EventSectionSql(actor, args, filter, 10);
        }

        /// <summary>
        /// The events of the actor's subtree matching <paramref name="filter"/> — a department
        /// handler only those dispatched to their department, as <see cref="EventAccess.Visible"/>
        /// says — soonest deadline first, each row with the count of all (the section's total).
        /// The count and the order come from the task indexes alone (status, the running deadline
        /// <see cref="GridEvent.DueAt"/>, time, reporter and id: scripts 0021); only the rows of the
        /// page are read from the table.
        /// </summary>
        private static string EventSectionSql(Actor actor, RawReads.Args args, string filter, int take)
        {
            var where = $"{RawReads.ScopeSql("g.region_code")} AND ({filter})"
                + (actor.Role == Role.DepartmentHandler ? $" AND g.department_org_unit_id = {args.Add("@department", actor.OrgUnitId)}" : "");
            return $"""
                SELECT x.code, x.item_code, x.text, x.status, x.region_code, x.reported_at, x.reporter_user_id, t.due_at, t.total
                FROM (
                  SELECT g.id, g.due_at, g.reported_at, count(*) OVER () AS total
                  FROM grid_events g WHERE {where}
                  ORDER BY g.due_at NULLS LAST, g.reported_at DESC LIMIT {take}) t
                JOIN grid_events x ON x.id = t.id
                ORDER BY t.due_at NULLS LAST, t.reported_at DESC
                """;
        }

        private static async Task<Section<EventTask>> ReadEventsAsync(DbDataReader r, long userId, DateTime now, CancellationToken ct)
        {
            var items = new List<EventTask>();
            var total = 0;
            while (await r.ReadAsync(ct))
            {
                var itemCode = r.GetString(1);
                var status = Enum.Parse<EventStatus>(r.GetString(3));
                var dueAt = r.IsDBNull(7) ? (DateTime?)null : Utc(r.GetDateTime(7));
                total = Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture);
                items.Add(new EventTask(
                    r.GetString(0),
                    EventTaxonomy.NameOf(itemCode),
                    EventTaxonomy.PathOf(itemCode),
                    Shorten(r.GetString(2), 80),
                    status.ToString(),
                    EventLifecycle.Label(status),
                    EventReason(status),
                    r.GetString(4),
                    Utc(r.GetDateTime(5)),
                    dueAt,
                    dueAt < now,
                    !r.IsDBNull(6) && r.GetInt64(6) == userId,
                    $"/m/events/{r.GetString(0)}"));
            }

            return new Section<EventTask>(items, total);
        }

        /// <summary>SQLite hands timestamps back without a kind; everything Concord stores is UTC.</summary>
        private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

        /// <summary>Today's round of the visit policy (due key households and the day's quota of the others), in the order to visit them.</summary>
        private async Task<Section<VisitTask>> VisitTasksAsync(CancellationToken ct)
        {
            VisitsDue.Round round;
            try
            {
                round = await visitsDue.RoundAsync(SectionSize, ct);
            }
            catch (DomainException ex) when (ex.Code == "too_many_households")
            {
                return new Section<VisitTask>([new VisitTask(null, "待走访清单", null, ex.Message, false, null, null, false, "/visits/coverage")], 1);
            }

            var items = round.First.Select(r => new VisitTask(
                r.HouseholdId,
                r.Address,
                r.Head is null ? r.UnitName : $"{r.UnitName} · 户主 {r.Head}",
                r.Key ? "周重点走访" + (r.KeyReason is null ? "" : $"：{r.KeyReason}") : "日基本走访",
                r.Key,
                r.LastVisitedAt,
                r.DueSince,
                r.DaysOverdue > 0,
                $"/visits/log?householdId={r.HouseholdId}&kind={r.SuggestedKind}")).ToList();
            return new Section<VisitTask>(items, round.Count);
        }

        private static string EventReason(EventStatus status) => status switch
        {
            EventStatus.Reported => "待处置：就地处置或上报",
            EventStatus.HandledInGrid => "已就地处置，待核查",
            EventStatus.Escalated => "已上报，待派遣",
            EventStatus.Dispatched => "已派遣，待部门办理",
            EventStatus.Replied => "部门已反馈，待核查",
            EventStatus.Closed => "已办结，请评价",
            _ => EventLifecycle.Label(status),
        };

        /// <summary>
        /// Cases for the actor: those whose mediator they are, those routed to their organisation
        /// and not yet accepted, and — for the grid (网格员、网格长、联户长) — the open cases of
        /// their grid that need the grid: 待回访, 待评价, and high-risk or urgent ones to keep
        /// watch on (稳控). Each case once, with its first reason.
        /// </summary>
        private static string CaseTasksSql(Actor actor, RawReads.Args args)
        {
            var forTheGrid = actor.Role is { } role && s_gridRoles.Contains(role);
            var needsTheGrid = forTheGrid
                ? $"c.status NOT IN ({RawReads.Literals(s_endedCases)}) AND (c.status IN ('{CaseStatus.FollowUp}', '{CaseStatus.AwaitingRating}') OR c.urgent OR c.risk_level <> '{RiskLevel.General}')"
                : "1 = 0";
            var assignedToMe = actor.UserId is { } userId
                ? $"""
                  c.status NOT IN ({RawReads.Literals(CaseMediation.FinishedStates)}) AND EXISTS (SELECT 1 FROM case_mediators cm JOIN mediators m ON m.id = cm.mediator_id
                    WHERE cm.case_id = c.id AND m.user_id = {args.Add("@user", userId)} AND {RawReads.ScopeSql("cm.region_code")} AND {RawReads.ScopeSql("m.region_code")})
                  """
                : "1 = 0";
            var routedToUs = actor.OrgUnitId is { } orgId
                ? $"""
                  c.status = '{CaseStatus.Routed}' AND EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.org_unit_id = {args.Add("@org", orgId)}
                    AND a.accepted_at IS NULL AND a.returned_at IS NULL AND {RawReads.ScopeSql("a.region_code")})
                  """
                : "1 = 0";
            return $"""
                SELECT * FROM (
                  SELECT t.*, (SELECT min(d.due_at) FROM case_deadlines d WHERE d.case_id = t.id AND d.met_at IS NULL AND {RawReads.ScopeSql("d.region_code")}) AS due_at,
                    count(*) OVER () AS total
                  FROM (
                    SELECT c.id, c.code, c.summary, c.category_code, c.status, c.risk_level, c.urgent, c.region_code, c.registered_at,
                      CASE WHEN {assignedToMe} THEN 1 ELSE 0 END AS assigned_to_me,
                      CASE WHEN {routedToUs} THEN 1 ELSE 0 END AS routed_to_us,
                      CASE WHEN {needsTheGrid} THEN 1 ELSE 0 END AS needs_the_grid
                    FROM cases c WHERE {RawReads.ScopeSql("c.region_code")}) t
                  WHERE t.assigned_to_me = 1 OR t.routed_to_us = 1 OR t.needs_the_grid = 1) u
                ORDER BY u.due_at NULLS LAST, u.id DESC LIMIT {SectionSize}
                """;
        }

        private static async Task<Section<CaseTask>> ReadCasesAsync(DbDataReader r, DateTime now, CancellationToken ct)
        {
            var items = new List<CaseTask>();
            var total = 0;
            while (await r.ReadAsync(ct))
            {
                var status = Enum.Parse<CaseStatus>(r.GetString(4));
                var risk = Enum.Parse<RiskLevel>(r.GetString(5));
                var urgent = r.GetBoolean(6);
                var dueAt = r.IsDBNull(12) ? (DateTime?)null : Utc(r.GetDateTime(12));
                total = Convert.ToInt32(r.GetValue(13), CultureInfo.InvariantCulture);
                items.Add(new CaseTask(
                    r.GetString(1),
                    r.GetString(2),
                    Categories.NameOf(r.GetString(3)),
                    status.ToString(),
                    CaseLabels.Of(status),
                    risk.ToString(),
                    CaseLabels.Of(risk),
                    urgent,
                    r.GetInt32(9) == 1 ? "我承办的调解"
                        : r.GetInt32(10) == 1 ? "已分流到本单位，待接收"
                        : CaseReason(status, risk, urgent),
                    r.GetString(7),
                    Utc(r.GetDateTime(8)),
                    dueAt,
                    dueAt < now,
                    $"/cases/{r.GetString(1)}"));
            }

            return new Section<CaseTask>(items, total);
        }

        private static string CaseReason(CaseStatus status, RiskLevel risk, bool urgent) => status switch
        {
            CaseStatus.FollowUp => "待回访：了解协议履行情况",
            CaseStatus.AwaitingRating => "待评价：可协助当事人评价",
            _ when urgent => "紧急案件：做好稳控",
            _ => $"{CaseLabels.Of(risk)}风险：做好稳控",
        };
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
