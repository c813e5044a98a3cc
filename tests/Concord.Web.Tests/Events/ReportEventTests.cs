using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Events;

[Collection(AppCollection.Name)]
public sealed class ReportEventTests(ConcordFactory app)
{
    [Fact]
    public async Task A_grid_worker_reports_an_event_with_a_photo_and_reads_it_back()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var body = EventRequests.Body(address: "人民路 18 号门前");
        var code = await worker.ReportEventAsync(body);
        code.ShouldMatch(@"^E340881-\d{4}-\d{6}$");

        var e = await worker.GetEventAsync(code);
        e["status"]!.GetValue<string>().ShouldBe("Reported");
        e["statusLabel"]!.GetValue<string>().ShouldBe("待处置");
        e["item"]!["path"]!.GetValue<string>().ShouldBe("市政设施 / 井盖 / 井盖缺失");
        e["item"]!["serviceCode"]!.GetValue<string>().ShouldBe("event-060201");
        e["channel"]!.GetValue<string>().ShouldBe("grid");
        e["reporterName"]!.GetValue<string>().ShouldBe("赵丽");
        e["regionName"]!.GetValue<string>().ShouldBe("西苑居委会 第1网格");
        e["address"]!.GetValue<string>().ShouldBe("人民路 18 号门前");
        e["timeline"]!.AsArray().ShouldHaveSingleItem()!["kind"]!.GetValue<string>().ShouldBe("reported");
        e["deadlines"]!.AsArray().ShouldHaveSingleItem()!["stage"]!.GetValue<string>().ShouldBe("acceptance");
        e["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ShouldBe(["HandleInGrid", "Escalate"], ignoreOrder: true);

        var photo = e["photos"]!.AsArray().ShouldHaveSingleItem()!;
        photo["purpose"]!.GetValue<string>().ShouldBe("Report");
        var bytes = await worker.GetByteArrayAsync(photo["url"]!.GetValue<string>());
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(photo["sha256"]!.GetValue<string>());
        Convert.ToBase64String(bytes).ShouldBe(body["photos"]![0]!["contentBase64"]!.GetValue<string>());

        await using var db = app.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "event.reported" && a.EntityId == code)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_idempotency_key_reports_once_and_a_different_body_under_it_is_refused()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var key = Guid.NewGuid().ToString("N");
        var body = EventRequests.Body();
        using var first = await worker.PostEventAsync(body, key);
        using var second = await worker.PostEventAsync(body, key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        var a = await first.ReadJsonAsync();
        var b = await second.ReadJsonAsync();
        b["code"]!.GetValue<string>().ShouldBe(a["code"]!.GetValue<string>());
        a["replayed"]!.GetValue<bool>().ShouldBeFalse();
        b["replayed"]!.GetValue<bool>().ShouldBeTrue();

        var other = EventRequests.Body();
        using var third = await worker.PostEventAsync(other, key);
        third.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.IdempotencyKey == key)).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_one_event()
    {
        // Many rounds, with other reports in between: a retry that arrives just as the first
        // request commits must replay it, not write a second event (seen once in 150 rounds
        // as a unique-index 500 before the key was claimed before it was looked up).
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        for (var round = 0; round < 40; round++)
        {
            var key = Guid.NewGuid().ToString("N");
            var body = EventRequests.Body();
            var retries = Enumerable.Range(0, 5).Select(_ => worker.PostEventAsync(body, key));
            var others = Enumerable.Range(0, 3).Select(_ => worker.PostEventAsync(EventRequests.Body()));
            var responses = await Task.WhenAll(retries.Concat(others));
            var codes = new HashSet<string>();
            foreach (var r in responses.Take(5))
            {
                r.StatusCode.ShouldBe(HttpStatusCode.Created, $"round {round}: {await r.Content.ReadAsStringAsync()}");
                codes.Add((await r.ReadJsonAsync())["code"]!.GetValue<string>());
            }

            foreach (var r in responses)
            {
                r.Dispose();
            }

            codes.Count.ShouldBe(1);
            await using var db = app.SystemDb();
            (await db.GridEvents.CountAsync(e => e.IdempotencyKey == key)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Bad_input_is_answered_with_field_errors_and_nothing_is_saved()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var marker = "bad" + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["itemCode"] = "999999",
            ["text"] = marker,
            ["regionCode"] = CaseRequests.XiyuanGrid,
            ["latitude"] = 31.0,
            ["photos"] = new JsonArray { new JsonObject { ["fileName"] = "x.jpg", ["contentBase64"] = Convert.ToBase64String("%PDF-1.4"u8.ToArray()) } },
        };
        using var response = await worker.PostEventAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        var errors = problem["errors"]!.AsObject();
        errors.ContainsKey("itemCode").ShouldBeTrue();
        errors.ContainsKey("latitude").ShouldBeTrue();
        errors.ContainsKey("photos").ShouldBeTrue();

        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.Text == marker)).ShouldBe(0);
    }

    [Fact]
    public async Task A_location_is_required_coordinates_or_an_address()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var body = EventRequests.Body();
        body.Remove("latitude");
        body.Remove("longitude");
        using var without = await worker.PostEventAsync(body);
        without.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await without.ReadJsonAsync())["errors"]!["address"].ShouldNotBeNull();

        body["address"] = "西苑路 3 号";
        (await worker.ReportEventAsync(body)).ShouldStartWith("E340881-");
    }

    [Fact]
    public async Task A_grid_worker_cannot_report_into_another_grid_and_nothing_is_saved()
    {
        using var worker = await app.LoginAsync("gridworker");
        var marker = "out" + Guid.NewGuid().ToString("N")[..8];
        using var response = await worker.PostEventAsync(EventRequests.Body(text: marker));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["regionCode"].ShouldNotBeNull();
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(e => e.Text == marker)).ShouldBe(0);
    }

    [Theory]
    [InlineData("gridworker")]
    [InlineData("longmian.clerk")]
    [InlineData("department")]
    public async Task Another_subtree_or_an_undispatched_department_cannot_see_the_event_or_its_photo(string user)
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync();
        var e = await worker.GetEventAsync(code);
        var url = e["photos"]![0]!["url"]!.GetValue<string>();

        using var other = await app.LoginAsync(user);
        (await other.GetAsync($"/api/events/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("clerk")]
    [InlineData("county.clerk")]
    [InlineData("gridleader")]
    [InlineData("household")]
    public async Task Users_whose_subtree_holds_the_event_see_it(string user)
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync();
        using var other = await app.LoginAsync(user);
        (await other.GetEventAsync(code))["code"]!.GetValue<string>().ShouldBe(code);
    }

    [Theory]
    [InlineData("department")]
    [InlineData("mediator")]
    [InlineData("sysadmin")]
    public async Task Roles_that_do_not_report_events_are_refused(string user)
    {
        using var client = await app.LoginAsync(user);
        using var response = await client.PostEventAsync(EventRequests.Body());
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_taxonomy_is_published_with_stable_codes()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var classes = (await worker.GetAsync("/api/event-categories")).Content;
        var json = JsonNode.Parse(await classes.ReadAsStringAsync())!.AsArray();
        json.Count.ShouldBe(12);
        json.SelectMany(c => c!["subclasses"]!.AsArray()).SelectMany(s => s!["items"]!.AsArray()).Count().ShouldBeGreaterThan(90);
    }
}
