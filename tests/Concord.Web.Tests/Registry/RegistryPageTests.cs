using System.Net;
using System.Net.Http.Headers;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using static Concord.Web.Tests.Registry.RegistryFiles;

namespace Concord.Web.Tests.Registry;

/// <summary>The registry pages post to the same handlers as the API: errors beside the fields, nothing half-saved.</summary>
[Collection(AppCollection.Name)]
public sealed class RegistryPageTests(ConcordFactory app)
{
    [Fact]
    public async Task The_place_form_shows_errors_beside_the_fields_then_registers_the_place()
    {
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/registry/places/new");
        var marker = Marker();
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "",
            ["Input.Kind"] = "Public",
            ["Input.RegionCode"] = XiyuanGrid,
            ["Input.Address"] = $"{marker}路1号",
            ["Input.Latitude"] = "31.05",
        };

        using var bad = await client.PostAsync("/registry/places/new", new FormUrlEncodedContent(form));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("请填写名称。");
        html.ShouldContain("经度和纬度须同时填写或同时留空。");
        await using (var db = app.SystemDb())
        {
            (await db.Places.CountAsync(p => p.Address.StartsWith(marker))).ShouldBe(0);
        }

        form["Input.Name"] = $"{marker}广场";
        form["Input.Longitude"] = "116.95";
        using var good = await client.PostAsync("/registry/places/new", new FormUrlEncodedContent(form));
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = good.Headers.Location!.ToString();
        location.ShouldStartWith("/registry/places/");
        (await client.GetStringAsync(location)).ShouldContain($"{marker}广场");
    }

    [Fact]
    public async Task A_bad_file_uploaded_on_the_import_page_shows_the_row_by_row_report_and_saves_nothing()
    {
        using var client = await PageClient.LoginAsync(app, "clerk");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/registry/import?kind=places");
        var marker = Marker();
        var file = new ByteArrayContent(Csv(PlaceHeaders, [$"{marker}甲", "公共场所", XiyuanGrid, "西苑路", "", ""], [$"{marker}乙", "城堡", XiyuanGrid, "西苑路", "", ""]));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("places"), "Kind" },
            { file, "file", "places.csv" },
        };

        using var response = await client.PostAsync("/registry/import", content);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await client.GetStringAsync(response.Headers.Location!.ToString());
        page.ShouldContain("没有保存任何数据");
        page.ShouldContain("data-testid=\"import-errors\"");
        page.ShouldContain("<td class=\"text-end\">3</td><td>场所类型</td>");
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name.StartsWith(marker))).ShouldBe(0);
    }

    [Fact]
    public async Task The_grid_leader_relieves_a_member_on_the_grid_page_and_the_term_moves_to_the_history()
    {
        using var api = await app.LoginAsync("gridleader");
        var name = "免" + Marker()[1..5];
        using var created = await api.PostAsync("/api/grids/members", System.Net.Http.Json.JsonContent.Create(new { name, post = "PartTimeWorker", regionCode = XiyuanGrid, from = "2025-03-01" }));
        created.EnsureSuccessStatusCode();
        await using var db = app.SystemDb();
        var memberId = (await created.ReadJsonAsync())["id"]!.GetValue<long>();
        var assignment = await db.GridAssignments.SingleAsync(a => a.MemberId == memberId);
        using var client = await PageClient.LoginAsync(app, "gridleader");
        var token = await PageClient.AntiforgeryTokenAsync(client, $"/grids/{XiyuanGrid}");

        using var response = await client.PostAsync($"/grids/{XiyuanGrid}?handler=End", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["AssignmentId"] = assignment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await client.GetStringAsync($"/grids/{XiyuanGrid}");
        var history = html[html.IndexOf("data-testid=\"grid-history\"", StringComparison.Ordinal)..];
        history.ShouldContain(name);
        using var worker = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var workerToken = await PageClient.AntiforgeryTokenAsync(worker, "/registry/places/new");
        using var refused = await worker.PostAsync($"/grids/{XiyuanGrid}?handler=End", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = workerToken,
            ["AssignmentId"] = assignment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        refused.Headers.Location!.ToString().ShouldContain("/denied", customMessage: "a grid worker may not relieve members");
    }
}
