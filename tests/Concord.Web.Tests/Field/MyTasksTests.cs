using System.Net;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Events;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
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

    private async Task SetStatusAsync(string code, EventStatus status)
    {
        // Stands in for the stage-2 moves (handle, verify, close), which are not on this branch.
        await using var db = app.SystemDb();
        var e = await db.GridEvents.FirstAsync(x => x.Code == code);
        e.Status = status;
        await db.SaveChangesAsync();
    }

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
        var card = xiyuanTasks["events"]!["items"]!.AsArray().First(i => i!["code"]!.GetValue<string>() == inXiyuan)!;
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
        await SetStatusAsync(code, EventStatus.HandledInGrid);

        Codes(await TasksAsync(worker), "events").ShouldNotContain(code);
        Codes(await TasksAsync(worker), "myReports").ShouldContain(code);
        var leaderTasks = await TasksAsync(leader);
        var card = leaderTasks["events"]!["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;
        card["reason"]!.GetValue<string>().ShouldBe("已就地处置，待核查");
    }

    [Fact]
    public async Task A_household_heads_report_comes_back_to_them_to_rate_when_it_is_closed()
    {
        using var household = await app.LoginAsync("household");
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await household.ReportEventAsync(EventRequests.Body());

        var before = await TasksAsync(household);
        Codes(before, "events").ShouldNotContain(code); // a 联户长 does not handle events
        Codes(before, "myReports").ShouldContain(code);

        await SetStatusAsync(code, EventStatus.Closed);
        var after = await TasksAsync(household);
        var card = after["events"]!["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;
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
        var card = tasks["cases"]!["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == followUp)!;
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
        var card = (await TasksAsync(mediator))["cases"]!["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;
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
    public async Task Visits_due_are_an_empty_section_until_the_visits_module_fills_it()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var tasks = await TasksAsync(worker);
        tasks["visits"]!["items"]!.AsArray().Count.ShouldBe(0);
        tasks["visits"]!["total"]!.GetValue<int>().ShouldBe(0);
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
