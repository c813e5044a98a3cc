using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Deadlines;

/// <summary>
/// The sweeper walks a due deadline up its ladder — reminder, overdue warning, escalation one
/// level up the tree — exactly once per step, however often and however concurrently it runs.
/// Mediation deadlines count calendar days: due 30 days after start, reminded 3 days before,
/// escalated 3 days after.
/// </summary>
[Collection(DeadlinesCollection.Name)]
public sealed class DeadlineSweeperTests(ConcordFactory app)
{
    private async Task GiveClerkAPhoneAsync()
    {
        await using var db = app.SystemDb();
        var clerk = await db.Users.SingleAsync(u => u.UserName == "clerk");
        if (clerk.PhoneNumber != "13905515678")
        {
            clerk.PhoneNumber = "13905515678";
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_town_centres_case_is_reminded_then_warned_then_escalated_to_the_county_once()
    {
        await GiveClerkAPhoneAsync();
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2031));
        var sweeper = app.Sweeper();

        await sweeper.SweepOnceAsync(d.DueAt.AddDays(-4));
        (await app.NotificationsAsync(d.Code)).ShouldBeEmpty("nothing is due four days before");

        await sweeper.SweepOnceAsync(d.DueAt.AddDays(-2));
        (await app.DeadlineAsync(d.DeadlineId)).Step.ShouldBe(DeadlineStep.Reminded);
        (await app.NotificationsAsync(d.Code)).ShouldBe([("340881002-ZZZX", "deadline.reminder")]);
        await using (var db = app.SystemDb())
        {
            var sms = await db.SmsMessages.Where(m => m.Text.Contains(d.Code)).ToListAsync();
            sms.Count.ShouldBe(1);
            sms[0].Phone.Masked.ShouldBe("139****5678");
            sms[0].Phone.Cipher.ShouldNotBeNull();
            System.Text.Encoding.ASCII.GetString(sms[0].Phone.Cipher!).ShouldNotContain("13905515678");
            sms[0].Status.ShouldBe("queued");
        }

        await sweeper.SweepOnceAsync(d.DueAt.AddDays(-2));
        (await app.NotificationsAsync(d.Code)).Count.ShouldBe(1, "a second sweep at the same time does nothing more");

        await sweeper.SweepOnceAsync(d.DueAt.AddHours(1));
        (await app.DeadlineAsync(d.DeadlineId)).Step.ShouldBe(DeadlineStep.Warned);
        (await app.EventsAsync(d.CaseId, "overdue")).ShouldBe(1);

        var escalatedAt = d.DueAt.AddDays(3).AddHours(1);
        await sweeper.SweepOnceAsync(escalatedAt);
        await sweeper.SweepOnceAsync(escalatedAt);
        var deadline = await app.DeadlineAsync(d.DeadlineId);
        deadline.Step.ShouldBe(DeadlineStep.Escalated);
        deadline.Escalations.ShouldBe(1);
        deadline.NextActionAt.ShouldBe(d.DueAt.AddDays(6));
        (await app.EventsAsync(d.CaseId, "escalated")).ShouldBe(1);
        (await app.NotificationsAsync(d.Code)).ShouldBe(
        [
            ("340881002-ZZZX", "deadline.reminder"),
            ("340881002-ZZZX", "deadline.overdue"),
            ("340881-ZZZX", "deadline.escalated"),
        ]);
        await using (var db = app.SystemDb())
        {
            var tasks = await db.SupervisionTasks.Where(t => t.CaseId == d.CaseId).ToListAsync();
            tasks.Count.ShouldBe(1);
            tasks[0].RegionCode.ShouldBe("340881");
            tasks[0].CaseCode.ShouldBe(d.Code);
            var audit = await db.AuditEntries.Where(a => a.EntityType == "CaseDeadline" && a.EntityId == d.DeadlineId.ToString() && a.Action.StartsWith("deadline.")).OrderBy(a => a.Seq).Select(a => a.Action).ToListAsync();
            audit.ShouldBe(["deadline.reminded", "deadline.warned", "deadline.escalated"]);
        }
    }

    [Fact]
    public async Task The_escalation_reaches_the_county_supervisors_inbox_and_task_list_and_resolving_it_goes_on_the_timeline()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2033));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(3).AddMinutes(1));

        using var supervisor = await app.LoginAsync("supervisor");
        var inbox = await (await supervisor.GetAsync("/api/inbox?unreadOnly=true&pageSize=100")).ReadJsonAsync();
        var mine = inbox["items"]!.AsArray().Where(i => i!["caseCode"]?.GetValue<string>() == d.Code).ToList();
        mine.Count.ShouldBe(1);
        mine[0]!["kind"]!.GetValue<string>().ShouldBe("deadline.escalated");
        mine[0]!["text"]!.GetValue<string>().ShouldContain("督办");

        var tasks = (await (await supervisor.GetAsync("/api/supervision")).ReadJsonAsync()).AsArray();
        var task = tasks.Single(t => t!["caseCode"]?.GetValue<string>() == d.Code)!; // event tasks carry eventCode instead
        task["regionName"]!.GetValue<string>().ShouldBe("桐城市");
        var id = task["id"]!.GetValue<long>();

        using var empty = await supervisor.PostAsJsonAsync($"/api/supervision/{id}/resolve", new { note = "" });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.ReadJsonAsync())["errors"]!["note"].ShouldNotBeNull();

        using var resolved = await supervisor.PostAsJsonAsync($"/api/supervision/{id}/resolve", new { note = "已电话督促文昌街道综治中心三日内办结" });
        resolved.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var again = await supervisor.PostAsJsonAsync($"/api/supervision/{id}/resolve", new { note = "再次办结" });
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.EventsAsync(d.CaseId, "supervision_resolved")).ShouldBe(1);
        (await (await supervisor.GetAsync("/api/supervision")).ReadJsonAsync()).AsArray()
            .Select(t => t!["caseCode"]?.GetValue<string>()).ShouldNotContain(d.Code);

        var itemId = mine[0]!["id"]!.GetValue<long>();
        (await supervisor.PostAsync($"/api/inbox/{itemId}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await (await supervisor.GetAsync("/api/inbox?unreadOnly=true&pageSize=100")).ReadJsonAsync();
        after["items"]!.AsArray().ShouldNotContain(i => i!["id"]!.GetValue<long>() == itemId);
    }

    [Fact]
    public async Task A_village_centres_overdue_case_is_escalated_to_its_town_first_and_to_the_county_next()
    {
        // The grid leader works at 西苑's village centre, which therefore receives the case.
        var d = await app.CaseWithDeadlineAsync("gridleader", SlaStage.Mediation, DeadlineRows.Era(2034));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(3).AddMinutes(1));
        await using (var db = app.SystemDb())
        {
            (await db.SupervisionTasks.Where(t => t.CaseId == d.CaseId).Select(t => t.RegionCode).ToListAsync()).ShouldBe(["340881002"]);
        }

        (await app.NotificationsAsync(d.Code)).ShouldBe(
        [
            ("340881002003-ZZZX", "deadline.overdue"),
            ("340881002-ZZZX", "deadline.escalated"),
        ]);

        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(6).AddMinutes(1));
        await using (var db = app.SystemDb())
        {
            (await db.SupervisionTasks.Where(t => t.CaseId == d.CaseId).OrderBy(t => t.Id).Select(t => t.RegionCode).ToListAsync())
                .ShouldBe(["340881002", "340881"]);
        }

        (await app.EventsAsync(d.CaseId, "escalated")).ShouldBe(2);
    }

    [Fact]
    public async Task A_deadline_the_sweeper_missed_for_many_periods_is_warned_and_escalated_once_not_once_per_period()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2035));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(10));
        var deadline = await app.DeadlineAsync(d.DeadlineId);
        deadline.Escalations.ShouldBe(3);
        deadline.NextActionAt.ShouldBe(d.DueAt.AddDays(12));
        (await app.EventsAsync(d.CaseId, "overdue")).ShouldBe(1);
        (await app.EventsAsync(d.CaseId, "escalated")).ShouldBe(1);
        (await app.EventsAsync(d.CaseId, "reminded")).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_sweeps_over_the_same_due_rows_never_duplicate_a_warning_or_an_escalation()
    {
        var cases = new List<CaseWithDeadline>();
        for (var i = 0; i < 6; i++)
        {
            cases.Add(await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2036).AddMinutes(i)));
        }

        var at = cases[^1].DueAt.AddDays(3).AddHours(1);
        // Two sweeper instances (as in two hosts) and the same one twice, all at once.
        var other = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<Concord.Web.Deadlines.DeadlineSweeper>(app.Services);
        await Task.WhenAll(app.Sweeper().SweepOnceAsync(at), app.Sweeper().SweepOnceAsync(at), other.SweepOnceAsync(at), other.SweepOnceAsync(at));

        await using var db = app.SystemDb();
        foreach (var d in cases)
        {
            (await app.EventsAsync(d.CaseId, "overdue")).ShouldBe(1, d.Code);
            (await app.EventsAsync(d.CaseId, "escalated")).ShouldBe(1, d.Code);
            (await db.SupervisionTasks.CountAsync(t => t.CaseId == d.CaseId)).ShouldBe(1, d.Code);
            (await app.NotificationsAsync(d.Code)).Count.ShouldBe(2, d.Code);
            (await db.AuditEntries.CountAsync(a => a.EntityType == "CaseDeadline" && a.EntityId == d.DeadlineId.ToString() && a.Action.StartsWith("deadline."))).ShouldBe(1, d.Code);
        }
    }

    [Fact]
    public async Task A_sweep_with_nothing_due_writes_nothing_and_touches_no_case()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2037));
        var at = d.DueAt.AddHours(1);
        await app.Sweeper().SweepOnceAsync(at);

        var before = await CountsAsync(d.CaseId);
        var result = await app.Sweeper().SweepOnceAsync(at);
        result.Processed.ShouldBe(0);
        (await CountsAsync(d.CaseId)).ShouldBe(before);
    }

    private async Task<string> CountsAsync(long caseId)
    {
        await using var db = app.SystemDb();
        var updated = await db.Cases.Where(c => c.Id == caseId).Select(c => c.UpdatedAt).SingleAsync();
        var deadlines = await db.CaseDeadlines.OrderBy(x => x.Id).Select(x => new { x.Id, x.Step, x.Escalations, x.NextActionAt }).ToListAsync();
        return string.Join("|",
            await db.AuditEntries.CountAsync(), await db.Notifications.CountAsync(), await db.SmsMessages.CountAsync(),
            await db.CaseEvents.CountAsync(), await db.SupervisionTasks.CountAsync(), updated.Ticks,
            string.Join(",", deadlines.Select(x => $"{x.Id}:{x.Step}:{x.Escalations}:{x.NextActionAt?.Ticks}")));
    }

    [Fact]
    public async Task A_paused_deadline_is_never_warned_or_escalated_and_resuming_starts_the_ladder_again()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DateTime.UtcNow.Date.AddDays(-1));
        using var clerk = await app.LoginAsync("clerk");
        using var paused = await clerk.PostAsJsonAsync($"/api/cases/{d.Code}/deadlines/mediation/pause", new { reason = "等待鉴定意见" });
        paused.StatusCode.ShouldBe(HttpStatusCode.OK, await paused.Content.ReadAsStringAsync());
        (await paused.ReadJsonAsync())["nextActionAt"].ShouldBeNull();

        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(20));
        (await app.NotificationsAsync(d.Code)).ShouldBeEmpty();
        (await app.EventsAsync(d.CaseId, "escalated")).ShouldBe(0);
        await using (var db = app.SystemDb())
        {
            (await db.SupervisionTasks.CountAsync(t => t.CaseId == d.CaseId)).ShouldBe(0);
        }

        using var resumed = await clerk.PostAsJsonAsync($"/api/cases/{d.Code}/deadlines/mediation/resume", new { note = "鉴定意见已送达" });
        resumed.StatusCode.ShouldBe(HttpStatusCode.OK, await resumed.Content.ReadAsStringAsync());
        var deadline = await app.DeadlineAsync(d.DeadlineId);
        deadline.PausedAt.ShouldBeNull();
        deadline.DueAt.ShouldBeGreaterThanOrEqualTo(d.DueAt);
        deadline.NextActionAt.ShouldBe(deadline.DueAt.AddDays(-3));
        (await app.EventsAsync(d.CaseId, "deadline_paused")).ShouldBe(1);
        (await app.EventsAsync(d.CaseId, "deadline_resumed")).ShouldBe(1);
    }

    [Fact]
    public async Task Another_towns_clerk_sees_none_of_the_notifications_and_the_same_towns_clerk_sees_them()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2038));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(3).AddMinutes(1));

        using var longmian = await app.LoginAsync("longmian.clerk");
        var theirs = await (await longmian.GetAsync("/api/inbox?pageSize=100")).ReadJsonAsync();
        theirs["items"]!.AsArray().ShouldNotContain(i => i!["caseCode"]!.ToString() == d.Code);

        await using var db = app.SystemDb();
        var ids = await db.Notifications.Where(n => n.CaseCode == d.Code).Select(n => n.Id).ToListAsync();
        foreach (var id in ids)
        {
            (await longmian.PostAsync($"/api/inbox/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var clerk = await app.LoginAsync("clerk");
        var ours = await (await clerk.GetAsync("/api/inbox?pageSize=100")).ReadJsonAsync();
        ours["items"]!.AsArray().Count(i => i!["caseCode"]?.GetValue<string>() == d.Code).ShouldBe(1);
        ours["unread"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_admin_roles_inboxes_carry_no_case_notifications_of_their_org_unit()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2039));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(3).AddMinutes(1));
        using var sysadmin = await app.LoginAsync("sysadmin");
        var inbox = await (await sysadmin.GetAsync("/api/inbox?pageSize=100")).ReadJsonAsync();
        inbox["items"]!.AsArray().ShouldNotContain(i => i!["caseCode"]!.ToString() == d.Code);
    }

    [PostgresFact]
    public async Task On_PostgreSQL_a_sweep_queued_behind_another_instances_transaction_does_not_redo_its_rows()
    {
        app.Database.IsPostgres.ShouldBeTrue();

        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2040));
        var at = d.DueAt.AddHours(1);

        // "Another instance": its own session holds the chain lock and the row, and warns the deadline itself.
        await using var other = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await Execute(other, tx, "SELECT pg_advisory_xact_lock(18981343344947812)");
        await Execute(other, tx, $"SELECT id FROM case_deadlines WHERE id = {d.DeadlineId} FOR UPDATE");
        var sweep = app.Sweeper().SweepOnceAsync(at);
        while (!await SomeoneWaitsForTheChainLockAsync(other, tx))
        {
            sweep.IsCompleted.ShouldBeFalse("the sweep must wait for the other instance's transaction");
            await Task.Yield();
        }

        await Execute(other, tx, $"UPDATE case_deadlines SET step = 'Warned', next_action_at = due_at + interval '3 days' WHERE id = {d.DeadlineId}");
        await tx.CommitAsync();

        await sweep;
        (await app.EventsAsync(d.CaseId, "overdue")).ShouldBe(0, "the row was done by the other instance; this sweep must not warn again");
        (await app.DeadlineAsync(d.DeadlineId)).Step.ShouldBe(DeadlineStep.Warned);
    }

    private static async Task<bool> SomeoneWaitsForTheChainLockAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction tx)
    {
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection, tx);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task Execute(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction tx, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync();
    }
}
