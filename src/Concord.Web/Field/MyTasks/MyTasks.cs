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
    /// <summary>Each section shows the most urgent items; <see cref="Section{T}.Total"/> says how many there are.</summary>
    public const int SectionSize = 50;

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

    public sealed class Handler(ConcordDb db, EventAccess events, VisitsDue.Handler visitsDue, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(CancellationToken ct = default)
        {
            var actor = db.Actor;
            var now = clock.GetUtcNow().UtcDateTime;
            var actionable = ActionableStatuses(actor);
            var eventTasks = actor.Can(Permission.EventsRead) ? await EventTasksAsync(actor, actionable, now, ct) : new Section<EventTask>([], 0);
            var myReports = actor.Can(Permission.EventsRead) ? await MyReportsAsync(actor, actionable, now, ct) : new Section<EventTask>([], 0);
            var caseTasks = actor.Can(Permission.CasesRead) ? await CaseTasksAsync(actor, now, ct) : new Section<CaseTask>([], 0);
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
        private async Task<Section<EventTask>> EventTasksAsync(Actor actor, EventStatus[] statuses, DateTime now, CancellationToken ct)
        {
            if (actor.Role is not { } role)
            {
                return new Section<EventTask>([], 0);
            }

            var mayRate = EventLifecycle.Available(EventStatus.Closed, role).Contains(EventAction.Rate);
            var userId = actor.UserId;
            var query = events.Visible().AsNoTracking()
                .Where(e => statuses.Contains(e.Status) || (mayRate && e.Status == EventStatus.Closed && e.ReporterUserId == userId));
            return await EventSectionAsync(query, userId, now, SectionSize, ct);
        }

        /// <summary>Statuses in which the role has a move other than rating (the lifecycle table says which).</summary>
        private static EventStatus[] ActionableStatuses(Actor actor) => actor.Role is { } role
            ? [.. Enum.GetValues<EventStatus>().Where(s => EventLifecycle.Available(s, role).Any(a => a != EventAction.Rate))]
            : [];

        /// <summary>My own reports still on their way elsewhere (for information; those waiting for me are tasks above).</summary>
        private async Task<Section<EventTask>> MyReportsAsync(Actor actor, EventStatus[] actionable, DateTime now, CancellationToken ct)
        {
            var userId = actor.UserId;
            var open = Enum.GetValues<EventStatus>().Where(s => !EventLifecycle.IsEnded(s) && !actionable.Contains(s)).ToArray();
            var query = events.Visible().AsNoTracking().Where(e => e.ReporterUserId == userId && open.Contains(e.Status));
            return await EventSectionAsync(query, userId, now, 10, ct);
        }

        private async Task<Section<EventTask>> EventSectionAsync(IQueryable<GridEvent> query, long? userId, DateTime now, int take, CancellationToken ct)
        {
            var rows = await query
                .Select(e => new
                {
                    e.Code,
                    e.ItemCode,
                    e.Text,
                    e.Status,
                    e.RegionCode,
                    e.ReportedAt,
                    e.ReporterUserId,
                    DueAt = db.EventDeadlines.Where(d => d.EventId == e.Id && d.MetAt == null).Min(d => (DateTime?)d.DueAt),
                })
                .OrderBy(e => e.DueAt == null).ThenBy(e => e.DueAt).ThenByDescending(e => e.ReportedAt)
                .Take(take)
                .ToListAsync(ct);

            // A grid's list is usually shorter than a section: then the rows are the count.
            var total = rows.Count < take ? rows.Count : await query.CountAsync(ct);
            var items = rows.Select(e => new EventTask(
                e.Code,
                EventTaxonomy.NameOf(e.ItemCode),
                EventTaxonomy.PathOf(e.ItemCode),
                Shorten(e.Text, 80),
                e.Status.ToString(),
                EventLifecycle.Label(e.Status),
                EventReason(e.Status),
                e.RegionCode,
                e.ReportedAt,
                e.DueAt,
                e.DueAt < now,
                e.ReporterUserId == userId,
                $"/m/events/{e.Code}")).ToList();
            return new Section<EventTask>(items, total);
        }

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
        private async Task<Section<CaseTask>> CaseTasksAsync(Actor actor, DateTime now, CancellationToken ct)
        {
            var userId = actor.UserId;
            var orgId = actor.OrgUnitId;
            var finished = CaseMediation.FinishedStates;
            var forTheGrid = actor.Role is { } role && s_gridRoles.Contains(role);
            var query = db.Cases.AsNoTracking()
                .Select(c => new
                {
                    Case = c,
                    AssignedToMe = !finished.Contains(c.Status)
                        && db.CaseMediators.Any(m => m.CaseId == c.Id && db.Mediators.Any(x => x.Id == m.MediatorId && x.UserId == userId)),
                    RoutedToUs = c.Status == CaseStatus.Routed
                        && db.CaseAssignments.Any(a => a.CaseId == c.Id && a.OrgUnitId == orgId && a.AcceptedAt == null && a.ReturnedAt == null),
                    NeedsTheGrid = forTheGrid && !s_endedCases.Contains(c.Status)
                        && (c.Status == CaseStatus.FollowUp || c.Status == CaseStatus.AwaitingRating || c.Urgent || c.RiskLevel != RiskLevel.General),
                })
                .Where(x => x.AssignedToMe || x.RoutedToUs || x.NeedsTheGrid);
            var rows = await query
                .Select(x => new
                {
                    x.Case.Id,
                    x.Case.Code,
                    x.Case.Summary,
                    x.Case.CategoryCode,
                    x.Case.Status,
                    x.Case.RiskLevel,
                    x.Case.Urgent,
                    x.Case.RegionCode,
                    x.Case.RegisteredAt,
                    x.AssignedToMe,
                    x.RoutedToUs,
                    DueAt = db.CaseDeadlines.Where(d => d.CaseId == x.Case.Id && d.MetAt == null).Min(d => (DateTime?)d.DueAt),
                })
                .OrderBy(c => c.DueAt == null).ThenBy(c => c.DueAt).ThenByDescending(c => c.Id)
                .Take(SectionSize)
                .ToListAsync(ct);
            var total = rows.Count < SectionSize ? rows.Count : await query.CountAsync(ct);
            var items = rows.Select(c => new CaseTask(
                c.Code,
                c.Summary,
                Categories.NameOf(c.CategoryCode),
                c.Status.ToString(),
                CaseLabels.Of(c.Status),
                c.RiskLevel.ToString(),
                CaseLabels.Of(c.RiskLevel),
                c.Urgent,
                c.AssignedToMe ? "我承办的调解"
                    : c.RoutedToUs ? "已分流到本单位，待接收"
                    : CaseReason(c.Status, c.RiskLevel, c.Urgent),
                c.RegionCode,
                c.RegisteredAt,
                c.DueAt,
                c.DueAt < now,
                $"/cases/{c.Code}")).ToList();
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
