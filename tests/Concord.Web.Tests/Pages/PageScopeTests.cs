using System.Net;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Pages;

/// <summary>
/// The pages keep the same scope and role rules as the API: a 西苑 case does not exist on any
/// page for users of another subtree, admin roles see no case pages, anonymous visitors are
/// sent to the login page. Page routes are catalogued once; an uncatalogued page fails a test.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PageScopeTests(ConcordFactory app)
{
    /// <summary>Every page route, with the users who may open it (others are denied or sent to log in).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Catalog = new Dictionary<string, string[]>
    {
        ["/"] = ["clerk", "gridworker", "sysadmin", "secadmin", "auditadmin"],
        ["/cases"] = ["clerk", "gridworker", "supervisor"],
        ["/cases/new"] = ["clerk", "gridworker"],
        ["/cases/{code}"] = ["clerk"],
        ["/cases/{code}/agreement"] = ["clerk", "mediator"],
        ["/cases/{code}/documents/{kind}"] = ["clerk", "mediator"],
        ["/cases/{code}/mediation"] = ["clerk"],
        ["/duty"] = ["clerk", "supervisor", "gridleader"],
        ["/org"] = ["clerk", "gridworker", "sysadmin"],
        ["/admin/users"] = ["sysadmin"],
        ["/admin/security"] = ["secadmin"],
        ["/audit"] = ["auditadmin"],
        ["/inbox"] = ["clerk", "gridworker", "supervisor", "sysadmin"],
        ["/supervision"] = ["supervisor"],
        ["/admin/calendar"] = ["sysadmin"],
        ["/mediators"] = ["clerk", "gridworker", "supervisor", "sysadmin"],
        ["/cases/{code}/mediators"] = ["clerk"],
        ["/events"] = ["clerk", "gridworker", "household", "department", "supervisor", "gridleader"],
        ["/events/new"] = ["gridworker", "household", "clerk", "gridleader"],
        ["/events/{code}"] = ["clerk"],
        ["/events/dispatch"] = ["clerk", "supervisor", "county.clerk"],
        ["/events/inbox"] = ["department"],
        ["/rate-event/{token}"] = [],
        ["/admin/open311"] = ["sysadmin"],
        ["/admin/population"] = ["sysadmin"],
        ["/dashboard"] = ["supervisor", "clerk", "county.clerk"],
        ["/registry"] = ["clerk", "gridworker", "household", "supervisor"],
        ["/registry/households"] = ["clerk", "gridworker", "household"],
        ["/registry/households/{id}"] = ["clerk", "gridworker"],
        ["/registry/residents/{id:long}"] = ["clerk", "gridworker"],
        ["/registry/places"] = ["clerk", "gridworker", "household"],
        ["/registry/places/{id}"] = ["clerk", "gridworker"],
        ["/registry/parts"] = ["clerk", "gridworker"],
        ["/registry/parts/{id}"] = ["clerk", "gridworker"],
        ["/registry/organisations"] = ["clerk", "gridworker"],
        ["/registry/organisations/{id}"] = ["clerk", "gridworker"],
        ["/registry/sentiments"] = ["clerk", "gridworker"],
        ["/registry/sentiments/{id}"] = ["clerk", "gridworker"],
        ["/registry/import"] = ["clerk", "gridworker", "gridleader"],
        ["/grids/{code}"] = ["gridworker", "gridleader"],
        ["/login"] = [],
        ["/track"] = [],
        ["/rate/{token}"] = [],
        ["/logout"] = [],
        ["/denied"] = [],
        // Visits (走访, coverage, 周研判)
        ["/visits"] = ["gridworker", "gridleader", "household", "clerk", "supervisor"],
        ["/visits/log"] = ["gridworker", "xiyuan.gridworker", "gridleader", "household"],
        ["/visits/due"] = ["gridworker", "xiyuan.gridworker", "gridleader", "household"],
        ["/visits/coverage"] = ["gridworker", "gridleader", "clerk", "county.clerk", "supervisor"],
        ["/visits/meetings"] = ["gridworker", "gridleader", "household", "supervisor"],
        ["/visits/meetings/new"] = ["xiyuan.gridworker", "gridleader"],
        ["/visits/meetings/{id:long}"] = ["gridleader"],
        ["/m/tasks"] = ["gridworker", "gridleader", "household", "clerk", "department"],
        ["/m/report"] = ["gridworker", "gridleader", "household", "clerk"],
        ["/m/me"] = ["gridworker", "household", "department"],
        ["/m/events/{code}"] = ["gridworker"],
        // Typical cases (典型案例): the public page needs no login; the review pages are scope-tested in TypicalCases/.
        ["/typical-cases"] = [],
        ["/typical-cases/{id:long}"] = [],
        ["/typical-cases/manage"] = ["supervisor", "clerk", "county.clerk"],
        ["/typical-cases/manage/{id:long}"] = ["supervisor"],
        // Lessons learned (以案促改)
        ["/lessons"] = ["supervisor", "clerk", "county.clerk", "mediator", "department", "gridleader"],
        ["/lessons/reviews/new"] = ["supervisor"],
        ["/lessons/reviews/{id:long}"] = ["supervisor"],
        ["/warnings"] = ["clerk", "county.clerk", "supervisor", "gridleader", "longmian.clerk"],
        // Rankings and reports (月晾晒、季排位、体检表)
        ["/rankings"] = ["supervisor", "clerk", "county.clerk"],
        ["/reports/health-check"] = ["supervisor", "clerk", "county.clerk"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> DeniedRoles = new Dictionary<string, string[]>
    {
        ["/cases"] = ["sysadmin", "secadmin", "auditadmin"],
        ["/cases/new"] = ["mediator", "supervisor", "sysadmin", "secadmin", "auditadmin"],
        ["/org"] = ["secadmin", "auditadmin"], // (expert also lacks it, but LoginTests locks that account)
        ["/admin/users"] = ["clerk", "secadmin", "auditadmin", "supervisor"],
        ["/admin/security"] = ["clerk", "sysadmin", "auditadmin"],
        ["/audit"] = ["clerk", "sysadmin", "secadmin", "supervisor"],
        ["/supervision"] = ["clerk", "mediator", "sysadmin", "auditadmin"],
        ["/admin/calendar"] = ["clerk", "supervisor", "secadmin", "auditadmin"],
        ["/mediators"] = ["secadmin", "auditadmin"],
        ["/cases/{code}/mediators"] = ["gridworker", "gridleader", "sysadmin", "auditadmin"],
        ["/events"] = ["sysadmin", "secadmin", "auditadmin", "mediator"],
        ["/events/new"] = ["department", "supervisor", "mediator", "sysadmin"],
        ["/events/dispatch"] = ["gridworker", "household", "department", "sysadmin"],
        ["/events/inbox"] = ["clerk", "gridworker", "supervisor", "sysadmin"],
        ["/visits"] = ["mediator", "sysadmin", "auditadmin"],
        ["/visits/log"] = ["clerk", "supervisor", "sysadmin"],
        ["/visits/due"] = ["clerk", "supervisor", "secadmin"],
        ["/visits/coverage"] = ["mediator", "sysadmin"],
        ["/visits/meetings/new"] = ["household", "clerk", "supervisor"],
        ["/admin/open311"] = ["clerk", "secadmin", "auditadmin", "supervisor"],
        ["/admin/population"] = ["clerk", "county.clerk", "secadmin", "auditadmin", "gridworker"],
        ["/m/tasks"] = ["mediator", "sysadmin", "secadmin", "auditadmin"],
        ["/m/report"] = ["department", "mediator", "supervisor", "sysadmin"],
        ["/m/me"] = ["mediator", "sysadmin"],
        ["/registry"] = ["sysadmin", "secadmin", "auditadmin", "mediator"],
        ["/registry/places"] = ["sysadmin", "auditadmin"],
        ["/registry/import"] = ["household", "supervisor", "sysadmin"],
        ["/typical-cases/manage"] = ["gridworker", "mediator", "sysadmin", "auditadmin"],
        ["/lessons"] = ["gridworker", "household", "sysadmin", "auditadmin"],
        ["/dashboard"] = ["gridworker", "household", "department", "mediator", "sysadmin"],
        ["/lessons/reviews/new"] = ["clerk", "mediator", "department", "gridleader"],
        ["/warnings"] = ["gridworker", "household", "mediator", "department", "sysadmin", "auditadmin"],
        ["/rankings"] = ["gridworker", "household", "mediator", "sysadmin", "auditadmin"],
        ["/reports/health-check"] = ["gridworker", "gridleader", "department", "sysadmin", "secadmin"],
    };

    public static TheoryData<string, string> Allowed()
    {
        var data = new TheoryData<string, string>();
        foreach (var (route, users) in Catalog)
        {
            // Routes with a case code are opened on a real case by their own tests.
            foreach (var user in users.Where(_ => !route.Contains('{', StringComparison.Ordinal)))
            {
                data.Add(route, user);
            }
        }

        return data;
    }

    public static TheoryData<string, string> Denied()
    {
        var data = new TheoryData<string, string>();
        foreach (var (route, users) in DeniedRoles)
        {
            foreach (var user in users)
            {
                data.Add(route, user);
            }
        }

        return data;
    }

    /// <summary>Endpoints outside /api that are not pages: health, OpenAPI, and the htmx picker (scoped like the API).</summary>
    private static readonly string[] s_notPages = ["/healthz", "/openapi/{documentName}.json", "/org/grid-options", "/triage/suggestion",
        // Open311 GeoReport v2: the spec's own API (api_key, its formats); scope tests in Open311/.
        "/open311/v2/discovery.{format}", "/open311/v2/services.{format}", "/open311/v2/services/{service_code}.{format}",
        "/open311/v2/requests.{format}", "/open311/v2/requests/{service_request_id}.{format}", "/open311/v2/tokens/{token_id}.{format}",
        // The 体检表 as .xlsx: a file download scoped like the API (ReportsRead); scope tests in Rankings/RankingsTests.
        "/reports/health-check.xlsx"];

    [Fact]
    public void Every_page_route_is_in_the_catalog()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => !r.StartsWith("/api/", StringComparison.Ordinal) && !s_notPages.Contains(r))
            .Distinct().ToList();
        routes.ShouldContain("/cases/{code}");
        foreach (var route in routes)
        {
            Catalog.Keys.ShouldContain(route, $"page route {route} is not catalogued in PageScopeTests");
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task A_page_opens_for_the_roles_it_serves(string route, string user)
    {
        using var client = await PageClient.LoginAsync(app, user);
        using var response = await client.GetAsync(route);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{user} on {route}");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html lang=\"zh-CN\">");
    }

    [Theory]
    [MemberData(nameof(Denied))]
    public async Task A_page_refuses_roles_it_does_not_serve(string route, string user)
    {
        using var client = await PageClient.LoginAsync(app, user);
        using var response = await client.GetAsync(route);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{user} on {route}");
        response.Headers.Location!.ToString().ShouldContain("/denied");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/cases")]
    [InlineData("/cases/new")]
    [InlineData("/org")]
    [InlineData("/audit")]
    [InlineData("/admin/users")]
    [InlineData("/admin/security")]
    [InlineData("/inbox")]
    [InlineData("/supervision")]
    [InlineData("/admin/calendar")]
    [InlineData("/mediators")]
    [InlineData("/events")]
    [InlineData("/events/new")]
    [InlineData("/events/dispatch")]
    [InlineData("/events/inbox")]
    [InlineData("/visits")]
    [InlineData("/visits/due")]
    [InlineData("/visits/coverage")]
    [InlineData("/visits/meetings")]
    [InlineData("/admin/open311")]
    [InlineData("/admin/population")]
    [InlineData("/m/tasks")]
    [InlineData("/m/report")]
    [InlineData("/m/me")]
    [InlineData("/registry")]
    [InlineData("/registry/import")]
    [InlineData("/typical-cases/manage")]
    [InlineData("/lessons")]
    [InlineData("/lessons/reviews/new")]
    [InlineData("/warnings")]
    [InlineData("/rankings")]
    [InlineData("/reports/health-check")]
    [InlineData("/dashboard")]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string route)
    {
        using var client = PageClient.Anonymous(app);
        using var response = await client.GetAsync(route);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }

    private async Task<(string Code, string Marker)> XiyuanCaseAsync()
    {
        var marker = "p" + Guid.NewGuid().ToString("N")[..10];
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: marker));
        return (code, marker);
    }

    [Theory]
    [InlineData("gridworker")]
    [InlineData("longmian.clerk")]
    public async Task A_Xiyuan_case_does_not_exist_on_any_page_for_another_subtree(string user)
    {
        var (code, marker) = await XiyuanCaseAsync();
        using var client = await PageClient.LoginAsync(app, user);
        (await client.GetAsync($"/cases/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var list in new[] { "/cases?pageSize=100", $"/cases?q={marker}", "/cases?q=" + Uri.EscapeDataString("物业") + "&pageSize=100", $"/cases?q={code}" })
        {
            CaseTable(await client.GetStringAsync(list)).ShouldNotContain(code, customMessage: list);
        }

        (await client.GetAsync($"/org?code={CaseRequests.XiyuanVillage}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetStringAsync("/")).ShouldNotContain(code);
    }

    [Theory]
    [InlineData("xiyuan.gridworker")]
    [InlineData("clerk")]
    [InlineData("county.clerk")]
    public async Task A_Xiyuan_case_is_on_the_pages_of_users_whose_subtree_holds_it(string user)
    {
        var (code, marker) = await XiyuanCaseAsync();
        using var client = await PageClient.LoginAsync(app, user);
        var page = await client.GetStringAsync($"/cases/{code}");
        page.ShouldContain(code);
        page.ShouldContain("西苑居委会");
        CaseTable(await client.GetStringAsync($"/cases?q={marker}")).ShouldContain(code);
    }

    /// <summary>The results table only: the search box echoes what was typed.</summary>
    private static string CaseTable(string html)
    {
        var start = html.IndexOf("data-testid=\"case-table\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the page has no case table");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_registration_page_cannot_file_a_case_outside_the_users_subtree_and_saves_nothing()
    {
        using var client = await PageClient.LoginAsync(app, "longmian.clerk");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/cases/new");
        var marker = "x" + Guid.NewGuid().ToString("N")[..10];
        using var response = await client.PostAsync("/cases/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Channel"] = "window",
            ["Input.CategoryCode"] = "02",
            ["Input.Summary"] = marker,
            ["Input.Narrative"] = "邻里纠纷",
            ["Input.VillageCode"] = CaseRequests.XiyuanVillage,
            ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
            ["Input.Parties[0].Role"] = "applicant",
            ["Input.Parties[0].Kind"] = "person",
            ["Input.Parties[0].Name"] = "赵六",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("未找到该村（社区），或不在您的管辖范围内。");
        await using var db = app.SystemDb();
        (await db.Cases.CountAsync(c => c.Summary == marker)).ShouldBe(0);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var client = await PageClient.LoginAsync(app, "clerk");
        using var response = await client.PostAsync("/cases/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Summary"] = "x" }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
