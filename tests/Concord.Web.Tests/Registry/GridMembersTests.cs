using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using static Concord.Web.Tests.Registry.RegistryFiles;

namespace Concord.Web.Tests.Registry;

/// <summary>Grid members: posts, reassignment closing the previous term, history, links to logins, scope.</summary>
[Collection(AppCollection.Name)]
public sealed class GridMembersTests(ConcordFactory app)
{
    private async Task<JsonArray> MembersAsync(string user, string grid)
    {
        using var client = await app.LoginAsync(user);
        return (await (await client.GetAsync($"/api/grids/{grid}/members")).ReadJsonAsync()).AsArray();
    }

    [Fact]
    public async Task The_demo_grid_has_its_leader_workers_and_household_heads_with_their_logins()
    {
        var members = await MembersAsync("xiyuan.gridworker", XiyuanGrid);
        var current = members.Where(m => m!["to"] is null).ToList();
        current.ShouldContain(m => m!["name"]!.GetValue<string>() == "赵丽" && m["post"]!.GetValue<string>() == "FullTimeWorker" && m["hasLogin"]!.GetValue<bool>());
        current.ShouldContain(m => m!["name"]!.GetValue<string>() == "孙海燕" && m["post"]!.GetValue<string>() == "GridLeader");
        current.ShouldContain(m => m!["name"]!.GetValue<string>() == "周大山" && m["regionCode"]!.GetValue<string>() == XiyuanUnit);
        current.Count(m => m!["post"]!.GetValue<string>() == "HouseholdHead").ShouldBeGreaterThan(1);
        current.ShouldAllBe(m => IsMasked(m!["phone"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Appointing_a_new_household_head_closes_the_previous_term_and_keeps_it_in_the_history()
    {
        var unit = XiyuanGrid + "02";
        var before = (await MembersAsync("gridleader", XiyuanGrid)).Single(m => m!["regionCode"]!.GetValue<string>() == unit && m["to"] is null && m["post"]!.GetValue<string>() == "HouseholdHead")!;
        var from = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var name = "新" + Marker()[1..5];
        using var leader = await app.LoginAsync("gridleader");

        using var response = await leader.PostAsJsonAsync("/api/grids/members", new { name, phone = Mobile(), post = "HouseholdHead", regionCode = unit, from = from.ToString("yyyy-MM-dd") });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var after = await MembersAsync("gridleader", XiyuanGrid);
        var closed = after.Single(m => m!["assignmentId"]!.GetValue<long>() == before["assignmentId"]!.GetValue<long>())!;
        closed["to"]!.GetValue<string>().ShouldBe(from.AddDays(-1).ToString("yyyy-MM-dd"));
        closed["endReason"]!.GetValue<string>().ShouldContain(name);
        closed["endedBy"]!.GetValue<string>().ShouldBe("孙海燕");
        after.Count(m => m!["regionCode"]!.GetValue<string>() == unit && m["to"] is null && m["post"]!.GetValue<string>() == "HouseholdHead").ShouldBe(1);
        var page = await (await PageClient.LoginAsync(app, "gridleader")).GetStringAsync($"/grids/{XiyuanGrid}");
        page.ShouldContain(name);
        page.ShouldContain(before["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reassigning_a_worker_to_another_grid_ends_their_post_here_and_they_appear_there()
    {
        var name = "调" + Marker()[1..5];
        using var leader = await app.LoginAsync("gridleader");
        using var created = await leader.PostAsJsonAsync("/api/grids/members", new { name, post = "PartTimeWorker", regionCode = XiyuanGrid, from = "2025-01-01" });
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<long>();
        var second = XiyuanGrid[..12] + "002";

        (await leader.PostAsJsonAsync($"/api/grids/members/{id}/assignments", new { post = "FullTimeWorker", regionCode = second, from = "2026-01-01" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var here = (await MembersAsync("gridleader", XiyuanGrid)).Single(m => m!["name"]!.GetValue<string>() == name)!;
        here["to"]!.GetValue<string>().ShouldBe("2025-12-31");
        (await MembersAsync("gridleader", second)).ShouldContain(m => m!["name"]!.GetValue<string>() == name && m["to"] == null);
        using var early = await leader.PostAsJsonAsync($"/api/grids/members/{id}/assignments", new { post = "PartTimeWorker", regionCode = XiyuanGrid, from = "2025-06-01" });
        early.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a start before the term it would close rewrites history");
    }

    [Fact]
    public async Task A_member_can_be_linked_to_a_login_once_and_only_grid_roles_qualify()
    {
        using var leader = await app.LoginAsync("gridleader");
        using var taken = await leader.PostAsJsonAsync("/api/grids/members", new { name = "赵丽", userName = "xiyuan.gridworker", post = "PartTimeWorker", regionCode = XiyuanGrid });
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taken.ReadJsonAsync())["errors"]!["userName"]![0]!.GetValue<string>().ShouldContain("已关联");
        using var clerk = await leader.PostAsJsonAsync("/api/grids/members", new { name = "王秀兰", userName = "clerk", post = "PartTimeWorker", regionCode = XiyuanGrid });
        clerk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Grid_members_of_another_village_cannot_be_read_or_assigned()
    {
        using var worker = await app.LoginAsync("gridworker");
        (await worker.GetAsync($"/api/grids/{XiyuanGrid}/members")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.PostAsJsonAsync("/api/grids/members", new { name = "某", post = "PartTimeWorker", regionCode = XiyuanGrid })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var longmian = await app.LoginAsync("longmian.clerk");
        using var refused = await longmian.PostAsJsonAsync("/api/grids/members", new { name = "某", post = "PartTimeWorker", regionCode = XiyuanGrid });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var xiyuanMember = (await MembersAsync("gridleader", XiyuanGrid)).First()!["memberId"]!.GetValue<long>();
        (await longmian.PostAsJsonAsync($"/api/grids/members/{xiyuanMember}/assignments", new { post = "PartTimeWorker", regionCode = "340881003001001" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_grid_page_shows_households_members_open_cases_and_open_events()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: XiyuanGrid, marker: Marker()));
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await page.GetStringAsync($"/grids/{XiyuanGrid}");
        html.ShouldContain("data-testid=\"grid-members\"");
        html.ShouldContain("赵丽");
        html.ShouldContain(code);
        html.ShouldContain("data-testid=\"grid-events\"");
        html.ShouldContain("data-testid=\"grid-households\"");
        (await page.GetStringAsync($"/org?code={XiyuanGrid}")).ShouldContain($"/grids/{XiyuanGrid}");
    }
}
