using System.Net;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Routing;

/// <summary>The case page offers the moves of the lifecycle table and calls the same handlers as the API.</summary>
[Collection(AppCollection.Name)]
public sealed class RoutingPageTests(ConcordFactory app)
{
    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    [Fact]
    public async Task A_clerk_accepts_and_routes_on_the_case_page_and_an_override_without_reason_is_shown_on_the_page()
    {
        using var api = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await api.RegisterCaseAsync(body);

        using var page = await PageClient.LoginAsync(app, "clerk");
        var html = await page.GetStringAsync($"/cases/{code}");
        html.ShouldContain("data-testid=\"case-actions\"");
        html.ShouldContain(">受理</button>");
        var token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        (await page.PostAsync($"/cases/{code}?handler=Accept", Form(token))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        html = await page.GetStringAsync($"/cases/{code}");
        html.ShouldContain("data-testid=\"route-form\"");
        await using var db = app.SystemDb();
        var town = await db.OrgUnits.Where(o => o.Code == "340881002-TWH").Select(o => o.Id).SingleAsync();
        token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        using var refused = await page.PostAsync($"/cases/{code}?handler=Route", Form(token, ("OrgUnitId", town.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("改派须说明理由");

        token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        using var routed = await page.PostAsync($"/cases/{code}?handler=Route",
            Form(token, ("OrgUnitId", town.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("OverrideReason", "街道统一调处")));
        routed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Cases.AsNoTracking().SingleAsync(c => c.Code == code)).Status.ShouldBe(Concord.Domain.Cases.CaseStatus.Routed);
    }

    [Fact]
    public async Task A_grid_worker_sees_no_moves_on_a_case_of_their_grid()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: Guid.NewGuid().ToString("N")[..8]));
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        (await page.GetStringAsync($"/cases/{code}")).ShouldNotContain("data-testid=\"case-actions\"");
    }
}
