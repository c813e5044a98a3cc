using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Events;
using Concord.Domain.Regions;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Concord.Web.Tests.Visits;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Field;

/// <summary>
/// The phone pages' tasks get an app and database of their own: a task list shows the most
/// urgent items first, so other collections' events in the same grid must not push these out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FieldCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Field app";
}

[Collection(FieldCollection.Name)]
public sealed class MyTasksTests(ConcordFactory app)
{
    private static async Task<JsonNode> TasksAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/me/tasks");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static List<string> Codes(JsonNode tasks, string section) =>
        [.. tasks[section]!["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>())];

    /// <summary>The card of <paramref name="code"/> in a section of the task list (exactly one).</summary>
    private static JsonNode Card(JsonNode tasks, string section, string code) =>
        tasks[section]!["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;

    private static async Task PostOkAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsync(url, JsonContent.Create(body));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, $"{url}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>办小事: the grid worker handles the event with a proof photo (the events API's move).</summary>
    private static Task HandleInGridAsync(HttpClient worker, string code) =>
        PostOkAsync(worker, $"/api/events/{code}/handle", new { note = "已联系物业补装井盖", photos = new JsonArray { EventRequests.Photo() } });

    [Fact]
    public async Task Grid_workers_see_the_events_of_their_own_grid_awaiting_handling_and_no_other_grids()
    {
        using var xiyuan = await app.LoginAsync("xiyuan.gridworker");
        using var sanli = await app.LoginAsync("gridworker");
        using var leader = await app.LoginAsync("gridleader");
        var inXiyuan = await xiyuan.ReportEventAsync(EventRequests.Body());
        var inSanli = await sanli.ReportEventAsync(EventRequests.Body(region: CaseRequests.SanliGrid));

        var xiyuanTasks = await TasksAsync(xiyuan);
        Codes(xiyuanTasks, "events").ShouldContain(inXiyuan);
        Codes(xiyuanTasks, "events").ShouldNotContain(inSanli);
        var card = Card(xiyuanTasks, "events", inXiyuan);
        card["reason"]!.GetValue<string>().ShouldBe("待处置：就地处置或上报");
        card["itemName"]!.GetValue<string>().ShouldBe("井盖缺失");
        card["url"]!.GetValue<string>().ShouldBe($"/m/events/{inXiyuan}");
        card["dueAt"].ShouldNotBeNull();
        card["mine"]!.GetValue<bool>().ShouldBeTrue();

        var sanliTasks = await TasksAsync(sanli);
        Codes(sanliTasks, "events").ShouldContain(inSanli);
        Codes(sanliTasks, "events").ShouldNotContain(inXiyuan);
        Codes(sanliTasks, "myReports").ShouldNotContain(inSanli); // listed once, as a task

        // The 网格长 of 西苑 sees the whole village, not 三里.
        var leaderTasks = await TasksAsync(leader);
        Codes(leaderTasks, "events").ShouldContain(inXiyuan);
        Codes(leaderTasks, "events").ShouldNotContain(inSanli);
    }

    [Fact]
    public async Task A_handled_event_waits_for_the_grid_leaders_check_not_for_the_grid_worker()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var leader = await app.LoginAsync("gridleader");
        var code = await worker.ReportEventAsync(EventRequests.Body());
        await HandleInGridAsync(worker, code);

        Codes(await TasksAsync(worker), "events").ShouldNotContain(code);
        Codes(await TasksAsync(worker), "myReports").ShouldContain(code);
        var leaderTasks = await TasksAsync(leader);
        var card = Card(leaderTasks, "events", code);
        card["reason"]!.GetValue<string>().ShouldBe("已就地处置，待核查");
    }

    [Fact]
    public async Task A_household_heads_report_comes_back_to_them_to_rate_when_it_is_closed()
    {
        using var household = await app.LoginAsync("household");
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var leader = await app.LoginAsync("gridleader");
        var code = await household.ReportEventAsync(EventRequests.Body());

        var before = await TasksAsync(household);
        Codes(before, "events").ShouldNotContain(code); // a 联户长 does not handle events
        Codes(before, "myReports").ShouldContain(code);

        // The grid worker handles it and the 网格长 verifies: the event closes.
        await HandleInGridAsync(worker, code);
        await PostOkAsync(leader, $"/api/events/{code}/handling/accept", new { });
        (await household.GetEventAsync(code))["status"]!.GetValue<string>().ShouldBe(nameof(EventStatus.Closed));
        var after = await TasksAsync(household);
        var card = Card(after, "events", code);
        card["reason"]!.GetValue<string>().ShouldBe("已办结，请评价");
        Codes(after, "myReports").ShouldNotContain(code);

        // Someone else's closed report is nobody else's task.
        Codes(await TasksAsync(worker), "events").ShouldNotContain(code);
    }

    [Fact]
    public async Task Cases_of_the_grid_that_need_a_follow_up_visit_are_tasks_of_that_grid_only()
    {
        using var clerk = await app.LoginAsync("clerk");
        var followUp = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        var quiet = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.FirstAsync(x => x.Code == followUp);
            c.Status = CaseStatus.FollowUp;
            var q = await db.Cases.FirstAsync(x => x.Code == quiet);
            q.RiskLevel = RiskLevel.General;
            q.Urgent = false;
            await db.SaveChangesAsync();
        }

        using var xiyuan = await app.LoginAsync("xiyuan.gridworker");
        var tasks = await TasksAsync(xiyuan);
        var card = Card(tasks, "cases", followUp);
        card["reason"]!.GetValue<string>().ShouldBe("待回访：了解协议履行情况");
        card["url"]!.GetValue<string>().ShouldBe($"/cases/{followUp}");
        Codes(tasks, "cases").ShouldNotContain(quiet); // a registered, ordinary case is the centre's work

        using var sanli = await app.LoginAsync("gridworker");
        Codes(await TasksAsync(sanli), "cases").ShouldNotContain(followUp);
    }

    [Fact]
    public async Task A_case_routed_to_an_organisation_is_a_task_of_its_staff_until_accepted()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.FirstAsync(x => x.Code == code);
            var committee = await db.OrgUnits.FirstAsync(o => o.Code == "340881002-TWH");
            c.Status = CaseStatus.Routed;
            db.CaseAssignments.Add(new Web.Routing.CaseAssignment { CaseId = c.Id, RegionCode = c.RegionCode, OrgUnitId = committee.Id, AssignedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        // The staff of 文昌街道人民调解委员会 (no event rights: the API serves them for cases).
        using var mediator = await app.LoginAsync("mediator");
        var card = Card(await TasksAsync(mediator), "cases", code);
        card["reason"]!.GetValue<string>().ShouldBe("已分流到本单位，待接收");

        using var department = await app.LoginAsync("department");
        Codes(await TasksAsync(department), "cases").ShouldNotContain(code);

        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.FirstAsync(x => x.Code == code);
            (await db.CaseAssignments.FirstAsync(a => a.CaseId == c.Id)).AcceptedAt = DateTime.UtcNow;
            c.Status = CaseStatus.Mediating;
            await db.SaveChangesAsync();
        }

        Codes(await TasksAsync(mediator), "cases").ShouldNotContain(code);
    }

    [Fact]
    public async Task A_full_section_counts_every_task_and_lists_the_soonest_deadlines_first()
    {
        // 55 events waiting in 三里's grid without a deadline (so they sort after the other tests' events).
        var stamp = Guid.NewGuid().ToString("N")[..6];
        await using (var db = app.SystemDb())
        {
            for (var i = 0; i < 55; i++)
            {
                db.GridEvents.Add(new Web.Events.GridEvent
                {
                    Code = $"E-T{stamp}-{i:D3}",
                    RegionCode = CaseRequests.SanliGrid,
                    ItemCode = "060201",
                    Text = $"井盖缺失 {i}",
                    ReporterName = "测试",
                    Status = EventStatus.Reported,
                    ReportedAt = DateTime.UtcNow.AddMinutes(-i),
                    UpdatedAt = DateTime.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        }

        using var sanli = await app.LoginAsync("gridworker");
        await sanli.ReportEventAsync(EventRequests.Body(region: CaseRequests.SanliGrid)); // one with a deadline
        var tasks = await TasksAsync(sanli);

        int expected;
        await using (var db = app.SystemDb())
        {
            var me = await db.Users.Where(u => u.UserName == "gridworker").Select(u => u.Id).SingleAsync();
            expected = await db.GridEvents.CountAsync(e => e.RegionCode.StartsWith(CaseRequests.SanliGrid)
                && (e.Status == EventStatus.Reported || (e.Status == EventStatus.Closed && e.ReporterUserId == me)));
        }

        var section = tasks["events"]!;
        section["total"]!.GetValue<int>().ShouldBe(expected);
        expected.ShouldBeGreaterThan(MyTasksSectionSize);
        var due = section["items"]!.AsArray().Select(i => i!["dueAt"]?.GetValue<DateTime>()).ToList();
        due.Count.ShouldBe(MyTasksSectionSize);
        due[0].ShouldNotBeNull();
        var withDeadline = due.TakeWhile(d => d is not null).ToList();
        withDeadline.ShouldBe(withDeadline.Order().ToList());
        due.Skip(withDeadline.Count).ShouldAllBe(d => d == null); // no deadline: last

        // The page says that it shows only the most urgent, and leads to all of them.
        using var page = await PageClient.LoginAsync(app, "gridworker");
        var html = await page.GetStringAsync("/m/tasks");
        html.ShouldContain($"仅显示最紧急的 {MyTasksSectionSize} 项，共 {expected} 项。");
        html.ShouldContain("href=\"/events?status=open\" data-testid=\"all-events\"");
    }

    private const int MyTasksSectionSize = Web.Field.MyTasks.MyTasks.SectionSize;

    [Fact]
    public async Task A_department_handler_has_the_events_dispatched_to_their_department_only()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var ours = await worker.ReportEventAsync(EventRequests.Body());
        var theirs = await worker.ReportEventAsync(EventRequests.Body());
        await using (var db = app.SystemDb())
        {
            var department = await db.OrgUnits.FirstAsync(o => o.Code == "340881-ZJ");
            var other = await db.OrgUnits.FirstAsync(o => o.Id != department.Id && o.Code.StartsWith("340881-") && o.Code != "340881-ZZZX");
            foreach (var (code, org) in new[] { (ours, department.Id), (theirs, other.Id) })
            {
                var e = await db.GridEvents.FirstAsync(x => x.Code == code);
                e.Status = EventStatus.Dispatched;
                e.DepartmentOrgUnitId = org;
            }

            await db.SaveChangesAsync();
        }

        using var handler = await app.LoginAsync("department");
        var tasks = await TasksAsync(handler);
        Codes(tasks, "events").ShouldContain(ours);
        Codes(tasks, "events").ShouldNotContain(theirs);
        Card(tasks, "events", ours)["reason"]!.GetValue<string>().ShouldBe("已派遣，待部门办理");
    }

    [Fact]
    public async Task A_case_whose_mediator_I_am_is_my_task_until_it_is_finished()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.FirstAsync(x => x.Code == code);
            var me = await db.Users.Where(u => u.UserName == "mediator").Select(u => u.Id).SingleAsync();
            var mediator = await db.Mediators.FirstAsync(m => m.UserId == me);
            c.Status = CaseStatus.Mediating;
            db.CaseMediators.Add(new Web.Mediators.CaseMediator { CaseId = c.Id, RegionCode = c.RegionCode, MediatorId = mediator.Id, Primary = true, AssignedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var mediatorClient = await app.LoginAsync("mediator");
        var card = Card(await TasksAsync(mediatorClient), "cases", code);
        card["reason"]!.GetValue<string>().ShouldBe("我承办的调解");

        await using (var db = app.SystemDb())
        {
            (await db.Cases.FirstAsync(x => x.Code == code)).Status = CaseStatus.Closed;
            await db.SaveChangesAsync();
        }

        Codes(await TasksAsync(mediatorClient), "cases").ShouldNotContain(code);
    }

    private static List<long?> Households(JsonNode tasks) =>
        [.. tasks["visits"]!["items"]!.AsArray().Select(i => i!["householdId"]!.GetValue<long?>())];

    [Fact]
    public async Task Visits_due_today_are_tasks_of_the_workers_own_grid_only_and_open_the_visit_log()
    {
        // A key household of 西苑第1网格 last visited 8 days ago (due weekly: on today's round), one
        // visited yesterday (not due), and a key household of 三里 that is due as well.
        var now = DateTime.UtcNow;
        var xiyuan = await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 2);
        var (due, fresh) = (xiyuan[0], xiyuan[1]);
        await VisitFixtures.OldVisitAsync(app, due, now.AddDays(-8), key: true);
        await VisitFixtures.OldVisitAsync(app, fresh, now.AddDays(-1));
        var sanliDue = (await VisitFixtures.HouseholdsAsync(app, RegionCode.HouseholdUnit(CaseRequests.SanliGrid, 1), 1)).Single();
        await VisitFixtures.OldVisitAsync(app, sanliDue, now.AddDays(-8), key: true);

        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var tasks = await TasksAsync(worker);
        Households(tasks).ShouldContain(due);
        Households(tasks).ShouldNotContain(fresh);
        Households(tasks).ShouldNotContain(sanliDue);
        var card = tasks["visits"]!["items"]!.AsArray().Single(i => i!["householdId"]!.GetValue<long?>() == due)!;
        card["key"]!.GetValue<bool>().ShouldBeTrue();
        card["reason"]!.GetValue<string>().ShouldBe("周重点走访：独居老人");
        card["overdue"]!.GetValue<bool>().ShouldBeTrue();
        card["url"]!.GetValue<string>().ShouldBe($"/visits/log?householdId={due}&kind=weekly_key");
        tasks["visits"]!["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);

        using var sanli = await app.LoginAsync("gridworker");
        var theirs = await TasksAsync(sanli);
        Households(theirs).ShouldContain(sanliDue);
        Households(theirs).ShouldNotContain(due);

        // Logging the visit takes it off the list.
        (await worker.LogAsync(VisitFixtures.Body(due, kind: "weekly_key"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        Households(await TasksAsync(worker)).ShouldNotContain(due);

        // Mediators and departments have no visits to make.
        using var mediator = await app.LoginAsync("mediator");
        (await TasksAsync(mediator))["visits"]!["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task The_tasks_page_shows_due_visits_as_cards_to_the_visit_log_and_the_nav_leads_to_the_due_list()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        await VisitFixtures.OldVisitAsync(app, household, DateTime.UtcNow.AddDays(-9), key: true);
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await page.GetStringAsync("/m/tasks");
        html.ShouldContain($"href=\"/visits/log?householdId={household}&amp;kind=weekly_key\"");
        html.ShouldContain("href=\"/visits/due\" data-testid=\"nav-visits\"");
        (await page.GetAsync("/visits/due")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A clerk reads events on the phone but has no visits to log: no 走访 tab leading to a refusal.
        using var clerk = await PageClient.LoginAsync(app, "clerk");
        (await clerk.GetStringAsync("/m/tasks")).ShouldNotContain("data-testid=\"nav-visits\"");
    }

    [Fact]
    public async Task The_tasks_need_a_signed_in_user_with_event_rights()
    {
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/me/tasks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var sysadmin = await app.LoginAsync("sysadmin");
        (await sysadmin.GetAsync("/api/me/tasks")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_tasks_page_shows_the_same_items_as_big_cards_linking_to_their_pages()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync(EventRequests.Body());
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await page.GetStringAsync("/m/tasks");
        html.ShouldContain($"href=\"/m/events/{code}\"");
        html.ShouldContain("data-testid=\"visit-tasks\"");

        var eventPage = await page.GetStringAsync($"/m/events/{code}");
        eventPage.ShouldContain(code);
        eventPage.ShouldContain("井盖缺失");
    }

    [Fact]
    public async Task The_phone_event_page_offers_the_moves_of_the_users_role_as_buttons_to_their_forms()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync(EventRequests.Body());
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var phone = await page.GetStringAsync($"/m/events/{code}");
        phone.ShouldContain($"href=\"/events/{code}#handle\"");
        phone.ShouldContain($"href=\"/events/{code}#escalate\"");
        phone.ShouldNotContain($"/events/{code}#dispatch");
        var desktop = await page.GetStringAsync($"/events/{code}");
        desktop.ShouldContain("id=\"handle\"");
        desktop.ShouldContain("id=\"escalate\"");

        // Handled in the grid, it waits for the 网格长: the worker has nothing to do, the leader verifies.
        await HandleInGridAsync(worker, code);
        (await page.GetStringAsync($"/m/events/{code}")).ShouldNotContain("data-testid=\"event-actions\"");
        using var leader = await PageClient.LoginAsync(app, "gridleader");
        var leaderPhone = await leader.GetStringAsync($"/m/events/{code}");
        leaderPhone.ShouldContain($"href=\"/events/{code}#verify\" data-testid=\"event-action\" data-action=\"AcceptHandling\"");
        (await leader.GetStringAsync($"/events/{code}")).ShouldContain("id=\"verify\"");
    }

    [Fact]
    public async Task Another_grids_event_does_not_exist_on_the_phone_event_page()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync(EventRequests.Body());
        using var sanli = await PageClient.LoginAsync(app, "gridworker");
        (await sanli.GetAsync($"/m/events/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var longmian = await PageClient.LoginAsync(app, "longmian.clerk");
        (await longmian.GetAsync($"/m/events/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
