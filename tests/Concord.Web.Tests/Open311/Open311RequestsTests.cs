using System.Net;
using System.Net.Http.Json;
using Concord.Domain.Events;
using Concord.Web.Events;
using Concord.Web.Open311;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Open311.Conformance;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Open311;

/// <summary>
/// POST and GET of service requests in XML and JSON, validated against the official schemas;
/// the spec's errors; retries; a request becoming an event staff handle; and scope between apps.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class Open311RequestsTests(ConcordFactory app, Open311Schemas schemas) : IClassFixture<Open311Schemas>
{
    private const string Hotline = DemoClientApps.HotlineKey;
    private const string Longmian = DemoClientApps.LongmianKey;
    private const string Xiyuan = "340881002003";

    private static List<KeyValuePair<string, string>> Form(string key, string serviceCode = "event-010101", string? marker = null, params (string Name, string Value)[] extra)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("api_key", key),
            new("service_code", serviceCode),
            new("description", $"西苑小区北门路边堆放大量生活垃圾，无人清运。{marker ?? Guid.NewGuid().ToString("N")[..8]}"),
        };
        form.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)));
        if (!extra.Any(e => e.Name is "lat" or "address_string" or "address_id"))
        {
            form.Add(new("address_id", Xiyuan));
        }

        return form;
    }

    private async Task<(string Id, string Token)> FileAsync(HttpClient client, List<KeyValuePair<string, string>> form, string format = "json")
    {
        var response = await client.GeoPostAsync($"/requests.{format}", form);
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body);
        var answer = Open311Requests.Parse(format, response.Body)![0]!;
        return (answer["service_request_id"]!.GetValue<string>(), answer["token"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task Filing_a_request_answers_the_spec_shape_and_it_reads_back_in_both_formats(string format)
    {
        using var client = app.CreateClient();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var response = await client.GeoPostAsync($"/requests.{format}", Form(Hotline, marker: marker,
            extra: [("media_url", "https://img.example.org/a.jpg"), ("account_id", "u-42"), ("device_id", "dev-1"), ("first_name", "小华"), ("last_name", "张"), ("phone", "13812345678"), ("email", "zhang@example.org")]));
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body);
        if (format == "json")
        {
            await schemas.ShouldConformAsync("post-response", response.Body);
        }
        else
        {
            response.Body.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>");
            await schemas.ShouldConformXmlAsync("post-response", response.Body);
        }

        var answer = Open311Requests.Parse(format, response.Body)![0]!;
        var id = answer["service_request_id"]!.GetValue<string>();
        id.ShouldStartWith("E340881-");
        answer["account_id"]!.GetValue<string>().ShouldBe("u-42");
        answer["service_notice"]!.GetValue<string>().ShouldContain("预计");

        foreach (var fmt in new[] { "json", "xml" })
        {
            var one = await client.GeoGetAsync($"/requests/{id}.{fmt}?api_key={Hotline}");
            one.Status.ShouldBe(HttpStatusCode.OK, one.Body);
            await (fmt == "json" ? schemas.ShouldConformAsync("requests", one.Body) : schemas.ShouldConformXmlAsync("requests", one.Body));
            var request = Open311Requests.Parse(fmt, one.Body)![0]!;
            request["status"]!.GetValue<string>().ShouldBe("open");
            request["service_code"]!.GetValue<string>().ShouldBe("event-010101");
            request["service_name"]!.GetValue<string>().ShouldBe("暴露垃圾");
            request["description"]!.GetValue<string>().ShouldContain(marker);
            request["media_url"]!.GetValue<string>().ShouldBe("https://img.example.org/a.jpg");
            request["requested_datetime"]!.GetValue<string>().ShouldEndWith("+08:00");
            request["expected_datetime"]!.GetValue<string>().ShouldEndWith("+08:00");
            request["address_id"]!.GetValue<string>().ShouldBe(Xiyuan);
            request["service_notice"]!.GetValue<string>().ShouldContain("网格员");
            // The citizen's contact is not part of any answer.
            one.Body.ShouldNotContain("13812345678");
            one.Body.ShouldNotContain("zhang@example.org");

            var token = await client.GeoGetAsync($"/tokens/{answer["token"]!.GetValue<string>()}.{fmt}?api_key={Hotline}");
            token.Status.ShouldBe(HttpStatusCode.OK, token.Body);
            await (fmt == "json" ? schemas.ShouldConformAsync("tokens", token.Body) : schemas.ShouldConformXmlAsync("tokens", token.Body));
            Open311Requests.Parse(fmt, token.Body)![0]!["service_request_id"]!.GetValue<string>().ShouldBe(id);
        }
    }

    [Fact]
    public async Task A_request_becomes_an_event_that_staff_see_with_the_citizens_contact_protected()
    {
        using var client = app.CreateClient();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (id, _) = await FileAsync(client, Form(Hotline, marker: marker, extra: [("phone", "13812349876"), ("last_name", "李"), ("first_name", "四"), ("media_url", "https://img.example.org/b.jpg")]));

        // 网格长 of 西苑 (no right to unmasked personal data) opens it like any other event.
        using var leader = await app.LoginAsync("gridleader");
        using var view = await leader.GetAsync($"/api/events/{id}");
        var body = await view.Content.ReadAsStringAsync();
        view.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain(marker);
        body.ShouldContain("https://img.example.org/b.jpg");
        body.ShouldNotContain("13812349876");

        await using var db = app.SystemDb();
        var e = await db.GridEvents.SingleAsync(x => x.Code == id);
        e.Channel.ShouldBe(EventChannel.Open311);
        e.RegionCode.ShouldBe(Xiyuan);
        e.ReporterPhone.Masked.ShouldBe("138****9876");
        e.ReporterPhone.Cipher.ShouldNotBeNull();
        (await db.AuditEntries.Where(a => a.EntityId == id).Select(a => a.Changes).ToListAsync()).ShouldAllBe(c => !c.Contains("13812349876"));
    }

    private static async Task MoveAsync(HttpClient staff, string code, string move, object body)
    {
        using var response = await staff.PostAsJsonAsync($"/api/events/{code}/{move}", body);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, $"{move}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Staff_moving_the_event_changes_the_status_notes_agency_and_expected_time()
    {
        using var client = app.CreateClient();
        var (id, _) = await FileAsync(client, Form(Hotline));
        long department;
        await using (var db = app.SystemDb())
        {
            department = await db.OrgUnits.Where(o => o.Code == "340881-ZJ").Select(o => o.Id).SingleAsync();
        }

        // The centre takes the hotline's request on (报大事) and dispatches it to 住建局 with a deadline.
        using var clerk = await app.LoginAsync("clerk");
        using var bureau = await app.LoginAsync("department");
        await MoveAsync(clerk, id, "escalate", new { note = "热线转来，需职能部门处置" });
        await MoveAsync(clerk, id, "dispatch", new { departmentOrgUnitId = department, note = "请及时清运" });

        var open = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests/{id}.json?api_key={Hotline}")).Body)![0]!;
        open["status"]!.GetValue<string>().ShouldBe("open");
        open["agency_responsible"]!.GetValue<string>().ShouldContain("住房和城乡建设局");
        open["service_notice"]!.GetValue<string>().ShouldContain("已派发至");
        open["service_notice"]!.GetValue<string>().ShouldContain("答复");
        open["status_notes"]!.GetValue<string>().ShouldContain("住房和城乡建设局");
        open["expected_datetime"]!.GetValue<string>().ShouldEndWith("+08:00");

        // 住建局 replies; the centre verifies the reply and the event closes.
        await MoveAsync(bureau, id, "reply", new { text = "垃圾已清运，现场恢复整洁。" });
        var replied = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests/{id}.json?api_key={Hotline}")).Body)![0]!;
        replied["status"]!.GetValue<string>().ShouldBe("open");
        replied["status_notes"]!.GetValue<string>().ShouldContain("已答复");
        await MoveAsync(clerk, id, "reply/accept", new { });

        var body = (await client.GeoGetAsync($"/requests/{id}.xml?api_key={Hotline}")).Body;
        await schemas.ShouldConformXmlAsync("requests", body);
        var closed = Open311Requests.Parse("xml", body)![0]!;
        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["status_notes"]!.GetValue<string>().ShouldContain("垃圾已清运");
        closed["expected_datetime"].ShouldBeNull();

        var list = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests.json?api_key={Hotline}&status=closed")).Body)!.AsArray();
        list.ShouldContain(r => r!["service_request_id"]!.GetValue<string>() == id);
        var openList = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests.json?api_key={Hotline}&status=open")).Body)!.AsArray();
        openList.ShouldNotContain(r => r!["service_request_id"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task The_list_filters_by_ids_service_and_dates_and_validates(string format)
    {
        using var client = app.CreateClient();
        var (a, _) = await FileAsync(client, Form(Hotline, "event-010105"));
        var (b, _) = await FileAsync(client, Form(Hotline, "event-010101"));
        var all = await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}");
        all.Status.ShouldBe(HttpStatusCode.OK, all.Body);
        await (format == "json" ? schemas.ShouldConformAsync("requests", all.Body) : schemas.ShouldConformXmlAsync("requests", all.Body));
        Ids(format, all.Body).ShouldContain(a);

        Ids(format, (await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&service_request_id={a},{b}")).Body).Order().ShouldBe(new[] { a, b }.Order());
        var byService = Ids(format, (await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&service_code=event-010105")).Body);
        byService.ShouldContain(a);
        byService.ShouldNotContain(b);
        var past = Uri.EscapeDataString("2020-01-01T00:00:00+08:00");
        var pastEnd = Uri.EscapeDataString("2020-02-01T00:00:00+08:00");
        Ids(format, (await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&start_date={past}&end_date={pastEnd}")).Body).ShouldBeEmpty();

        await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&status=pending"), 400);
        await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&start_date=yesterday"), 400);
        var wide = Uri.EscapeDataString("2021-01-01T00:00:00+08:00");
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/requests.{format}?api_key={Hotline}&start_date={past}&end_date={wide}"), 400)).ShouldContain("90");
    }

    private static List<string> Ids(string format, string body) =>
        [.. Open311Requests.Parse(format, body)!.AsArray().Select(r => r!["service_request_id"]!.GetValue<string>())];

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task Refusals_are_the_specs_error_lists(string format)
    {
        using var client = app.CreateClient();
        var noKey = Form(Hotline).Where(kv => kv.Key != "api_key").ToList();
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", noKey), 403)).ShouldContain("api_key");
        await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", Form("o311_not_a_key")), 403);
        await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/requests.{format}"), 403);
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", Form(Hotline, "no-such-service")), 404)).ShouldContain("no-such-service");
        await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", Form(Hotline, "")), 400);

        var tooLong = Form(Hotline);
        tooLong[2] = new("description", new string('长', 4001));
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", tooLong), 400)).ShouldContain("4000");

        var noPlace = Form(Hotline, extra: [("lat", "31.0")]).Where(kv => kv.Key != "address_id").ToList();
        await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", noPlace), 400);
        var nowhere = Form(Hotline, extra: [("lat", "39.9042"), ("long", "116.4074")]);
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", nowhere), 400)).ShouldContain("经纬度");
        var notANumber = Form(Hotline, extra: [("lat", "北纬31"), ("long", "116.9")]);
        await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", notANumber), 400);
        var unknownPlace = Form(Hotline, extra: [("address_string", "火星基地一号楼")]);
        await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", unknownPlace), 400);

        var disputeWithoutApplicant = Form(Hotline, "dispute-02");
        (await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", disputeWithoutApplicant), 400)).ShouldContain("申请人");
        var badAttribute = Form(Hotline, "dispute-02", extra: [("first_name", "五"), ("last_name", "王"), ("phone", "13800001111"), ("attribute[people_involved]", "很多"), ("attribute[colour]", "red")]);
        var errors = await schemas.ShouldBeErrorListAsync(format, await client.GeoPostAsync($"/requests.{format}", badAttribute), 400);
        errors.ShouldContain("people_involved");
        errors.ShouldContain("colour");

        await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/requests/E340881-2000-999999.{format}?api_key={Hotline}"), 404);
        await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/tokens/nosuchtoken.{format}?api_key={Hotline}"), 404);
    }

    [Fact]
    public async Task Nothing_is_saved_when_a_request_is_refused()
    {
        using var client = app.CreateClient();
        var marker = "refused" + Guid.NewGuid().ToString("N")[..8];
        var form = Form(Hotline, marker: marker, extra: [("media_url", "not a url")]);
        (await client.GeoPostAsync("/requests.json", form)).Status.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.Text.Contains(marker))).ShouldBe(0);
    }

    [Fact]
    public async Task A_dispute_request_is_a_dispute_event_with_its_attributes_on_the_timeline()
    {
        using var client = app.CreateClient();
        var (id, _) = await FileAsync(client, Form(Hotline, "dispute-02", extra:
            [("first_name", "五"), ("last_name", "王"), ("phone", "13800001111"), ("attribute[people_involved]", "3"), ("attribute[respondent]", "隔壁赵某"), ("attribute[respondent_kind]", "person")]));
        await using var db = app.SystemDb();
        var e = await db.GridEvents.Include(x => x.Timeline).SingleAsync(x => x.Code == id);
        EventTaxonomy.FindItem(e.ItemCode)!.DisputeCategoryCode.ShouldBe("02");
        e.Timeline.ShouldContain(t => t.Kind == "open311" && t.Text.Contains("涉及人数：3") && t.Text.Contains("隔壁赵某") && t.Text.Contains("个人"));
    }

    [Fact]
    public async Task Coordinates_and_address_text_place_the_request_in_the_right_village()
    {
        await using var db = app.SystemDb();
        var point = await db.RegionLocations.SingleAsync(l => l.RegionCode == Xiyuan);
        using var client = app.CreateClient();
        var (byPoint, _) = await FileAsync(client, Form(Hotline, extra:
            [("lat", (point.Latitude + 0.0005).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("long", point.Longitude.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        var (byText, _) = await FileAsync(client, Form(Hotline, extra: [("address_string", "文昌街道西苑小区北门")]));
        await using var after = app.SystemDb();
        (await after.GridEvents.SingleAsync(e => e.Code == byPoint)).RegionCode.ShouldBe(Xiyuan);
        var textEvent = await after.GridEvents.SingleAsync(e => e.Code == byText);
        textEvent.RegionCode.ShouldBe(Xiyuan);
        textEvent.Address.ShouldBe("文昌街道西苑小区北门");
    }

    [Fact]
    public async Task A_retry_without_a_key_inside_the_window_and_a_retry_with_the_same_key_file_once()
    {
        using var client = app.CreateClient();
        var form = Form(Hotline);
        var first = await FileAsync(client, form);
        var again = await FileAsync(client, form);
        again.ShouldBe(first);

        var keyed = Form(Hotline);
        var key = Guid.NewGuid().ToString("N");
        var one = await PostWithKeyAsync(client, keyed, key);
        var two = await PostWithKeyAsync(client, keyed, key);
        two.ShouldBe(one);
        var other = await PostWithKeyAsync(client, Form(Hotline), key);
        other.Status.ShouldBe(HttpStatusCode.BadRequest);

        await using var db = app.SystemDb();
        var description = form.Single(kv => kv.Key == "description").Value;
        (await db.GridEvents.CountAsync(e => e.Text == description)).ShouldBe(1);
        (await db.Open311Requests.CountAsync(r => r.EventCode == first.Id)).ShouldBe(1);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostWithKeyAsync(HttpClient client, List<KeyValuePair<string, string>> form, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_app_of_one_town_neither_files_nor_reads_outside_its_town()
    {
        using var client = app.CreateClient();
        var (countyRequest, token) = await FileAsync(client, Form(Hotline));

        // 龙眠街道's app: 西苑 (文昌街道) is outside its scope.
        var outside = await client.GeoPostAsync("/requests.json", Form(Longmian));
        (await schemas.ShouldBeErrorListAsync("json", outside, 400)).ShouldContain("address_id");
        await schemas.ShouldBeErrorListAsync("json", await client.GeoGetAsync($"/requests/{countyRequest}.json?api_key={Longmian}"), 404);
        await schemas.ShouldBeErrorListAsync("json", await client.GeoGetAsync($"/tokens/{token}.json?api_key={Longmian}"), 404);
        Ids("json", (await client.GeoGetAsync($"/requests.json?api_key={Longmian}&service_request_id={countyRequest}")).Body).ShouldBeEmpty();
        Ids("json", (await client.GeoGetAsync($"/requests.json?api_key={Longmian}")).Body).ShouldNotContain(countyRequest);

        // Its own town works, and the county's hotline reads it too (without the reporter's words).
        await using var db = app.SystemDb();
        var longmianVillage = await db.Regions.Where(r => r.ParentCode == "340881003" && r.Level == Concord.Domain.Regions.RegionLevel.Village).Select(r => r.Code).FirstAsync();
        var (own, _) = await FileAsync(client, Form(Longmian, extra: [("address_id", longmianVillage)]));
        var seenByCounty = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests/{own}.json?api_key={Hotline}")).Body)![0]!;
        seenByCounty["description"].ShouldBeNull();
        var seenByOwner = Open311Requests.Parse("json", (await client.GeoGetAsync($"/requests/{own}.json?api_key={Longmian}")).Body)![0]!;
        seenByOwner["description"]!.GetValue<string>().ShouldContain("垃圾");
    }

    [Fact]
    public async Task A_revoked_app_is_refused()
    {
        using var admin = await app.LoginAsync("sysadmin");
        await using var db = app.SystemDb();
        var org = await db.OrgUnits.Where(o => o.Code == "340881002-ZZZX").Select(o => o.Id).SingleAsync();
        using var created = await admin.PostAsJsonAsync("/api/admin/client-apps", new { name = "临时应用", orgUnitId = org, contactName = "赵工" });
        var json = await created.ReadJsonAsync();
        var key = json["apiKey"]!.GetValue<string>();
        using var client = app.CreateClient();
        await FileAsync(client, Form(key));
        using var revoke = await admin.PostAsJsonAsync($"/api/admin/client-apps/{json["id"]}/revoke", new { reason = "测试" });
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await schemas.ShouldBeErrorListAsync("xml", await client.GeoPostAsync("/requests.xml", Form(key)), 403);
    }
}
