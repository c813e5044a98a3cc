using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Events;

/// <summary>The event pages keep the API's rules: scope, roles, the same handlers.</summary>
[Collection(AppCollection.Name)]
public sealed class EventPageTests(ConcordFactory app)
{
    private static string Section(string html, string testid)
    {
        var start = html.IndexOf($"data-testid=\"{testid}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"the page has no {testid}");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("xiyuan.gridworker", true)]
    [InlineData("clerk", true)]
    [InlineData("county.clerk", true)]
    [InlineData("gridworker", false)]
    [InlineData("longmian.clerk", false)]
    [InlineData("department", false)]
    public async Task An_event_page_opens_only_inside_the_users_subtree(string user, bool sees)
    {
        using var api = await app.LoginAsync("xiyuan.gridworker");
        var code = await api.ReportEventAsync();
        using var client = await PageClient.LoginAsync(app, user);
        using var response = await client.GetAsync($"/events/{code}");
        response.StatusCode.ShouldBe(sees ? HttpStatusCode.OK : HttpStatusCode.NotFound);
        var list = await client.GetStringAsync("/events?pageSize=100");
        if (sees)
        {
            (await response.Content.ReadAsStringAsync()).ShouldContain("井盖缺失");
            Section(list, "event-table").ShouldContain(code);
        }
        else
        {
            Section(list, "event-table").ShouldNotContain(code);
        }
    }

    [Fact]
    public async Task The_report_form_saves_an_event_with_its_photo_once_and_shows_it()
    {
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/events/new");
        var marker = "page" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");
        MultipartFormDataContent Form()
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("010101"), "Input.ItemCode" },
                { new StringContent($"西苑路口垃圾堆积 {marker}"), "Input.Text" },
                { new StringContent(CaseRequests.XiyuanGrid), "Input.RegionCode" },
                { new StringContent("西苑路 1 号"), "Input.Address" },
                { new StringContent(key), "Input.IdempotencyKey" },
            };
            var photo = new ByteArrayContent(EventRequests.JpegBytes(marker));
            photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(photo, "Photos", "现场.jpg");
            return form;
        }

        using var first = await client.PostAsync("/events/new", Form());
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        var location = first.Headers.Location!.ToString();
        location.ShouldStartWith("/events/E340881-");
        using var second = await client.PostAsync("/events/new", Form());
        second.Headers.Location!.ToString().ShouldBe(location);

        var page = await client.GetStringAsync(location);
        page.ShouldContain(marker);
        page.ShouldContain("现场照片");
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.Text.Contains(marker))).ShouldBe(1);
    }

    [Fact]
    public async Task The_report_form_shows_errors_beside_the_fields_and_saves_nothing()
    {
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/events/new");
        var marker = "bad" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.PostAsync("/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Text"] = marker,
            ["Input.RegionCode"] = CaseRequests.SanliGrid,
            ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("请选择事件类别。");
        html.ShouldContain("请提供事件位置（定位或地址）。");
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.Text == marker)).ShouldBe(0);
    }

    [Fact]
    public async Task The_report_form_warns_of_a_possible_duplicate_before_submitting()
    {
        using var api = await app.LoginAsync("xiyuan.gridworker");
        var address = $"西苑路 {Guid.NewGuid().ToString("N")[..6]} 号";
        var code = await api.ReportEventAsync(EventRequests.Body(address: address));
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await client.GetStringAsync("/events/new?handler=Duplicates&itemCode=010101&address=" + Uri.EscapeDataString(address));
        html.ShouldContain("疑似重复");
        html.ShouldContain(code);
    }

    [Fact]
    public async Task The_dispatch_console_lists_escalated_events_and_the_department_inbox_lists_dispatched_ones()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync();
        (await worker.PostAsync($"/api/events/{code}/escalate", JsonContent.Create(new { }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var clerk = await PageClient.LoginAsync(app, "clerk");
        Section(await clerk.GetStringAsync("/events/dispatch"), "to-dispatch").ShouldContain(code);

        // Dispatch through the event page's form (the suggested department is preselected).
        var token = await PageClient.AntiforgeryTokenAsync(clerk, $"/events/{code}");
        long zj;
        await using (var db = app.SystemDb())
        {
            zj = await db.OrgUnits.Where(o => o.Code == "340881-ZJ").Select(o => o.Id).SingleAsync();
        }

        using var dispatched = await clerk.PostAsync($"/events/{code}?handler=Dispatch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["DepartmentOrgUnitId"] = zj.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        dispatched.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var department = await PageClient.LoginAsync(app, "department");
        Section(await department.GetStringAsync("/events/inbox"), "to-handle").ShouldContain(code);
        (await department.GetStringAsync($"/events/{code}")).ShouldContain("反馈办理结果");
        Section(await clerk.GetStringAsync("/events/dispatch"), "to-dispatch").ShouldNotContain(code);
    }
}

[Collection(AppCollection.Name)]
public sealed class DemoEventsTests(ConcordFactory app)
{
    [Fact]
    public async Task The_demo_county_has_events_in_every_status_of_the_loop_and_one_is_overdue_at_a_department()
    {
        await using var db = app.SystemDb();
        // Demo events were reported at least six hours before seeding; the tests' own events are reported now.
        var seeded = await db.GridEvents.Where(e => e.ReportedAt < DateTime.UtcNow.AddHours(-5)).Select(e => e.Status).Distinct().ToListAsync();
        foreach (var status in new[] { "Reported", "HandledInGrid", "Escalated", "Dispatched", "Replied", "Closed", "Rated", "Dismissed" })
        {
            seeded.Select(s => s.ToString()).ShouldContain(status);
        }

        var now = DateTime.UtcNow;
        (await db.EventDeadlines.CountAsync(d => d.MetAt == null && d.DueAt < now && d.Stage == Concord.Domain.Deadlines.SlaStage.Disposal)).ShouldBeGreaterThan(0);

        using var worker = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        (await worker.GetStringAsync("/events")).ShouldContain("E340881-");
    }
}

[Collection(AppCollection.Name)]
public sealed class RateEventPageTests(ConcordFactory app)
{
    [Fact]
    public async Task An_outside_reporter_rates_on_the_link_page_without_logging_in_and_a_wrong_token_is_404()
    {
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Concord.Web.Persistence.ConcordDb>().ActAs(Concord.Web.Shared.Actor.System(CaseRequests.XiyuanVillage));
            var result = await scope.ServiceProvider.GetRequiredService<Concord.Web.Events.ReportEvent.ReportEvent.Handler>().HandleAsync(
                new Concord.Web.Events.ReportEvent.ReportEvent.Request("010101", "楼下垃圾堆了三天", CaseRequests.XiyuanGrid, Address: "西苑路 2 号"),
                null, outside: new Concord.Web.Events.ReportEvent.ReportEvent.OutsideReporter(Concord.Domain.Events.EventChannel.Citizen, null, "李四", "13900001234", null));
            code = result.Code;
        }

        using var leader = await app.LoginAsync("gridleader");
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        (await worker.PostAsync($"/api/events/{code}/handle", JsonContent.Create(new { note = "已清理", photos = new[] { EventRequests.Photo() } }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await leader.PostAsync($"/api/events/{code}/handling/accept", JsonContent.Create(new { }))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        string token;
        await using (var db = app.SystemDb())
        {
            token = (await db.GridEvents.SingleAsync(e => e.Code == code)).RatingToken!;
        }

        using var citizen = PageClient.Anonymous(app);
        (await citizen.GetAsync($"/rate-event/{token}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var form = await PageClient.AntiforgeryTokenAsync(citizen, $"/rate-event/{token}");
        using var wrong = await citizen.PostAsync($"/rate-event/{token}x", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = form, ["Rating"] = "satisfied" }));
        wrong.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var ok = await citizen.PostAsync($"/rate-event/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = form, ["Rating"] = "dissatisfied", ["Comment"] = "还是很脏" }));
        (await ok.Content.ReadAsStringAsync()).ShouldContain("感谢您的评价（不满意）");
        (await leader.GetEventAsync(code))["status"]!.GetValue<string>().ShouldBe("Rated");
    }
}
