using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Visits;

/// <summary>The visit pages call the same handlers as the API, with errors beside the fields and the same scope.</summary>
[Collection(AppCollection.Name)]
public sealed class VisitPageTests(ConcordFactory app)
{
    private static FormUrlEncodedContent Form(string token, long householdId, string findings, string key) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Input.HouseholdId"] = householdId.ToString(),
        ["Input.Kind"] = "daily",
        ["Input.Findings"] = findings,
        ["Input.Latitude"] = "31.0359",
        ["Input.Longitude"] = "116.9744",
        ["Input.Accuracy"] = "15",
        ["Input.IdempotencyKey"] = key,
    });

    [Fact]
    public async Task A_grid_worker_logs_a_visit_on_the_phone_page_and_a_double_submit_saves_it_once()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var page = await client.GetStringAsync($"/visits/log?householdId={household}");
        page.ShouldContain($"<option value=\"{household}\" selected=\"selected\">");
        page.ShouldContain("/js/visits.js");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/visits/log");
        var key = Guid.NewGuid().ToString("N");
        foreach (var _ in new[] { 1, 2 })
        {
            using var response = await client.PostAsync("/visits/log", Form(token, household, "家中一切正常。", key));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe("/visits/due");
        }

        await using var db = app.SystemDb();
        var visit = await db.Visits.SingleAsync(v => v.HouseholdId == household);
        visit.AccuracyMeters.ShouldBe(15);
        visit.VisitorName.ShouldBe("赵丽");
    }

    [Fact]
    public async Task The_page_shows_the_error_beside_the_field_and_saves_nothing()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/visits/log");
        using var response = await client.PostAsync("/visits/log", Form(token, household, "", Guid.NewGuid().ToString("N")));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("请填写走访情况。");
        html.ShouldContain("is-invalid");
        await using var db = app.SystemDb();
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(0);
    }

    [Fact]
    public async Task The_page_cannot_log_a_visit_outside_the_users_subtree()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var client = await PageClient.LoginAsync(app, "gridworker");
        (await client.GetStringAsync("/visits/log")).ShouldNotContain($"value=\"{household}\"");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/visits/log");
        using var response = await client.PostAsync("/visits/log", Form(token, household, "正常", Guid.NewGuid().ToString("N")));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("未找到该户，或不在您的管辖范围内。");
        await using var db = app.SystemDb();
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(0);
    }

    [Fact]
    public async Task The_due_page_lists_the_workers_due_households_and_only_a_grid_leader_may_flag_key_households()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await worker.GetStringAsync("/visits/due?all=true");
        html.ShouldContain($"data-household=\"{household}\"");
        html.ShouldNotContain("设为重点户</button>");
        using var other = await PageClient.LoginAsync(app, "gridworker");
        (await other.GetStringAsync("/visits/due?all=true")).ShouldNotContain($"data-household=\"{household}\"");

        using var leader = await PageClient.LoginAsync(app, "gridleader");
        (await leader.GetStringAsync("/visits/due?all=true")).ShouldContain("设为重点户</button>");
        var token = await PageClient.AntiforgeryTokenAsync(leader, "/visits/due");
        using var empty = await leader.PostAsync("/visits/due?handler=Key", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["householdId"] = household.ToString(),
            ["key"] = "true",
        }));
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("请填写列为重点户的原因。");
        using var marked = await leader.PostAsync("/visits/due?handler=Key", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["householdId"] = household.ToString(),
            ["key"] = "true",
            ["reason"] = "独居老人",
        }));
        marked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = app.SystemDb();
        (await db.HouseholdVisitStates.SingleAsync(s => s.HouseholdId == household)).Key.ShouldBeTrue();
    }

    [Fact]
    public async Task The_coverage_page_drills_down_within_the_subtree_and_is_404_outside_it()
    {
        var (grid, _, _) = await VisitFixtures.GridAsync(app, 3);
        using var leader = await PageClient.LoginAsync(app, "gridleader");
        var village = await leader.GetStringAsync($"/visits/coverage?region={CaseRequests.XiyuanVillage}");
        village.ShouldContain($"/visits/coverage?region={grid}&amp;days=30");
        var html = await leader.GetStringAsync($"/visits/coverage?region={grid}&days=60");
        html.ShouldContain("近 60 天无人走访的户");
        html.ShouldContain("data-testid=\"not-visited\">3<");
        using var worker = await PageClient.LoginAsync(app, "gridworker");
        (await worker.GetAsync($"/visits/coverage?region={grid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/visits?grid={grid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_meeting_page_marks_an_item_done_and_does_not_exist_for_another_village()
    {
        using var api = await app.LoginAsync("gridleader");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var place = "会议室" + Guid.NewGuid().ToString("N")[..6];
        using var created = await api.PostAsJsonAsync("/api/visits/meetings", new JsonObject
        {
            ["regionCode"] = CaseRequests.XiyuanVillage,
            ["heldOn"] = today.ToString("yyyy-MM-dd"),
            ["place"] = place,
            ["attendees"] = "社区书记",
            ["topics"] = "本周研判",
            ["items"] = new JsonArray { new JsonObject { ["text"] = "约谈物业公司", ["ownerName"] = "孙海燕", ["dueOn"] = today.AddDays(5).ToString("yyyy-MM-dd") } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<long>();

        using var leader = await PageClient.LoginAsync(app, "gridleader");
        var html = await leader.GetStringAsync($"/visits/meetings/{id}");
        html.ShouldContain(place);
        html.ShouldContain("约谈物业公司");
        (await leader.GetStringAsync("/visits/meetings")).ShouldContain($"/visits/meetings/{id}");
        await using var db = app.SystemDb();
        var itemId = await db.ReviewItems.Where(i => i.MeetingId == id).Select(i => i.Id).SingleAsync();
        var token = await PageClient.AntiforgeryTokenAsync(leader, $"/visits/meetings/{id}");
        using var done = await leader.PostAsync($"/visits/meetings/{id}?handler=Done", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["itemId"] = itemId.ToString(),
            ["note"] = "物业已承诺一周内维修",
        }));
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await leader.GetStringAsync($"/visits/meetings/{id}")).ShouldContain("已办结");

        foreach (var user in new[] { "gridworker", "longmian.clerk" })
        {
            using var outsider = await PageClient.LoginAsync(app, user);
            (await outsider.GetAsync($"/visits/meetings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, user);
        }
    }

    [Fact]
    public async Task The_meeting_form_shows_errors_beside_the_fields_and_records_a_meeting()
    {
        using var leader = await PageClient.LoginAsync(app, "gridleader");
        var token = await PageClient.AntiforgeryTokenAsync(leader, "/visits/meetings/new");
        var place = "会议室" + Guid.NewGuid().ToString("N")[..6];
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.RegionCode"] = CaseRequests.XiyuanGrid,
            ["Input.HeldOn"] = today.ToString("yyyy-MM-dd"),
            ["Input.Place"] = place,
            ["Input.Attendees"] = "网格员",
            ["Input.Topics"] = "",
            ["Input.Items[0].Text"] = "清理楼道",
            ["Input.Items[0].OwnerName"] = "赵丽",
            ["Input.Items[0].DueOn"] = today.AddDays(3).ToString("yyyy-MM-dd"),
            ["Input.Items[1].Text"] = "",
        };
        using var invalid = await leader.PostAsync("/visits/meetings/new", new FormUrlEncodedContent(fields));
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await invalid.Content.ReadAsStringAsync()).ShouldContain("请填写研判事项。");
        fields["Input.Topics"] = "楼道堆物";
        using var ok = await leader.PostAsync("/visits/meetings/new", new FormUrlEncodedContent(fields));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = app.SystemDb();
        var meeting = await db.ReviewMeetings.Include(m => m.Items).SingleAsync(m => m.Place == place);
        meeting.Items.Count.ShouldBe(1);
        meeting.RegionCode.ShouldBe(CaseRequests.XiyuanGrid);
    }
}
