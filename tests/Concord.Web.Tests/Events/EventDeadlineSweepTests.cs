using System.Net;
using System.Net.Http.Json;
using Concord.Domain.Deadlines;
using Concord.Web.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Events;

/// <summary>Event deadlines ride the same sweeper as case deadlines: reminder → overdue warning → escalation with a supervision task.</summary>
[Collection(DeadlinesCollection.Name)]
public sealed class EventDeadlineSweepTests(ConcordFactory app)
{
    [Fact]
    public async Task An_overdue_dispatched_event_is_reminded_warned_and_escalated_to_the_town_once()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var clerk = await app.LoginAsync("clerk");
        var code = await worker.ReportEventAsync();
        (await worker.PostAsync($"/api/events/{code}/escalate", JsonContent.Create(new { }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        long zj;
        await using (var db = app.SystemDb())
        {
            zj = await db.OrgUnits.Where(o => o.Code == "340881-ZJ").Select(o => o.Id).SingleAsync();
        }

        (await clerk.PostAsync($"/api/events/{code}/dispatch", JsonContent.Create(new { departmentOrgUnitId = zj }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        EventDeadlineRow deadline;
        await using (var db = app.SystemDb())
        {
            var e = await db.GridEvents.SingleAsync(x => x.Code == code);
            var d = await db.EventDeadlines.SingleAsync(x => x.EventId == e.Id && x.MetAt == null);
            d.Stage.ShouldBe(SlaStage.Disposal);
            deadline = new EventDeadlineRow(e.Id, d.Id, d.DueAt);
        }

        var sweeper = app.Services.GetRequiredService<DeadlineSweeper>();
        await sweeper.SweepOnceAsync(deadline.DueAt.AddHours(-12));
        await sweeper.SweepOnceAsync(deadline.DueAt.AddMinutes(1));
        var escalatedAt = deadline.DueAt.AddDays(1).AddMinutes(1);
        await sweeper.SweepOnceAsync(escalatedAt);
        await sweeper.SweepOnceAsync(escalatedAt);

        await using (var db = app.SystemDb())
        {
            var d = await db.EventDeadlines.SingleAsync(x => x.Id == deadline.Id);
            d.Step.ShouldBe(DeadlineStep.Escalated);
            d.Escalations.ShouldBe(1);
            var tasks = await db.SupervisionTasks.Where(t => t.EventId == deadline.EventId).ToListAsync();
            tasks.Count.ShouldBe(1);
            tasks[0].RegionCode.ShouldBe("340881002");
            tasks[0].EventCode.ShouldBe(code);
            tasks[0].CaseId.ShouldBeNull();
            var kinds = await db.EventTimeline.Where(t => t.EventId == deadline.EventId && t.ActorName == "系统").OrderBy(t => t.Id).Select(t => t.Kind).ToListAsync();
            kinds.ShouldBe(["reminded", "overdue", "escalated"]);
            var notices = await db.Notifications.Where(n => n.CaseCode == code && n.Kind.StartsWith("deadline.")).Join(db.OrgUnits, n => n.OrgUnitId, o => o.Id, (n, o) => new { o.Code, n.Kind }).ToListAsync();
            notices.Select(n => (n.Code, n.Kind)).ShouldBe(
                [("340881-ZJ", "deadline.reminder"), ("340881-ZJ", "deadline.overdue"), ("340881002-ZZZX", "deadline.overdue"), ("340881002-ZZZX", "deadline.escalated")],
                ignoreOrder: true);
        }

        // The supervisor resolves the task; the event's timeline says so.
        using var supervisor = await app.LoginAsync("supervisor");
        var list = await supervisor.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/supervision");
        var task = list!.Single(t => t!["eventCode"]?.GetValue<string>() == code)!;
        (await supervisor.PostAsync($"/api/supervision/{task["id"]!.GetValue<long>()}/resolve", JsonContent.Create(new { note = "已约谈住建局，限期办结" }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.SystemDb())
        {
            (await db.EventTimeline.CountAsync(t => t.EventId == deadline.EventId && t.Kind == "supervision_resolved")).ShouldBe(1);
        }
    }

    private sealed record EventDeadlineRow(long EventId, long Id, DateTime DueAt);
}
