using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Events;

[Collection(AppCollection.Name)]
public sealed class DuplicateAndScopeTests(ConcordFactory app)
{
    /// <summary>Degrees of latitude per metre (the same everywhere).</summary>
    private const double DegreesPerMetre = 1 / 111_194.9;

    private static int s_spot;

    /// <summary>A fresh spot for each test, far from the others' events.</summary>
    private static (double Lat, double Lon) Spot()
    {
        var n = Interlocked.Increment(ref s_spot);
        return (30.5 + (n * 0.05), 117.3);
    }

    private static async Task<List<string>> DuplicatesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/events/duplicates?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).AsArray().Select(m => m!["code"]!.GetValue<string>())];
    }

    private static string Near(string item, double lat, double lon) =>
        FormattableString.Invariant($"itemCode={item}&latitude={lat}&longitude={lon}");

    [Fact]
    public async Task The_same_item_within_50_metres_is_a_possible_duplicate_and_at_60_metres_it_is_not()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var (lat, lon) = Spot();
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "060301", lat: lat, lon: lon));

        (await DuplicatesAsync(worker, Near("060301", lat + (45 * DegreesPerMetre), lon))).ShouldContain(code);
        (await DuplicatesAsync(worker, Near("060301", lat + (60 * DegreesPerMetre), lon))).ShouldNotContain(code);

        // East–west too: a degree of longitude is shorter at this latitude.
        var perMetreLon = DegreesPerMetre / Math.Cos(lat * Math.PI / 180);
        (await DuplicatesAsync(worker, Near("060301", lat, lon + (45 * perMetreLon)))).ShouldContain(code);
        (await DuplicatesAsync(worker, Near("060301", lat, lon + (60 * perMetreLon)))).ShouldNotContain(code);

        // Another item at the same spot is not a duplicate.
        (await DuplicatesAsync(worker, Near("060201", lat, lon))).ShouldNotContain(code);

        // The dispatcher sees the pair from either event's page.
        var second = await worker.ReportEventAsync(EventRequests.Body(item: "060301", lat: lat + (10 * DegreesPerMetre), lon: lon));
        using var clerk = await app.LoginAsync("clerk");
        var ofSecond = (await clerk.GetFromJsonAsync<JsonArray>($"/api/events/{second}/duplicates"))!;
        ofSecond.Select(m => m!["code"]!.GetValue<string>()).ShouldBe([code]);
        ofSecond[0]!["distanceMetres"]!.GetValue<double>().ShouldBe(10, tolerance: 0.5);
    }

    [Fact]
    public async Task The_same_address_within_7_days_is_a_possible_duplicate_and_after_7_days_it_is_not()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var address = $"西苑路 {Guid.NewGuid().ToString("N")[..6]} 号";
        var (lat, lon) = Spot();
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "010201", lat: lat, lon: lon, address: address));

        // Any item; spaces and punctuation do not matter.
        (await DuplicatesAsync(worker, "itemCode=050102&address=" + Uri.EscapeDataString(address.Replace(" ", "", StringComparison.Ordinal) + "。"))).ShouldContain(code);

        await using (var db = app.SystemDb())
        {
            var e = await db.GridEvents.SingleAsync(x => x.Code == code);
            await db.GridEvents.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReportedAt, e.ReportedAt.AddDays(-8)));
        }

        (await DuplicatesAsync(worker, "address=" + Uri.EscapeDataString(address))).ShouldNotContain(code);
    }

    [Fact]
    public async Task Events_of_another_subtree_are_not_in_lists_duplicates_or_reach_of_any_move()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var (lat, lon) = Spot();
        var address = $"西苑路 {Guid.NewGuid().ToString("N")[..6]} 号";
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "060302", lat: lat, lon: lon, address: address));

        foreach (var user in new[] { "gridworker", "longmian.clerk" })
        {
            using var other = await app.LoginAsync(user);
            var list = await other.GetFromJsonAsync<JsonNode>("/api/events?pageSize=100&status=open");
            list!["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldNotContain(code);
            (await DuplicatesAsync(other, Near("060302", lat, lon) + "&address=" + Uri.EscapeDataString(address))).ShouldNotContain(code);
            foreach (var move in new[] { "escalate", "handle", "dispatch", "dismiss", "convert", "handling/accept", "reply", "reply/accept", "rate" })
            {
                using var response = await other.PostAsync($"/api/events/{code}/{move}", JsonContent.Create(new { reason = "x", note = "x", text = "x", rating = "satisfied" }));
                response.StatusCode.ShouldBeOneOf([HttpStatusCode.NotFound, HttpStatusCode.Forbidden], $"{user} {move}");
            }

            (await other.GetAsync($"/api/events/{code}/departments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await other.GetAsync($"/api/events/{code}/duplicates")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var again = await app.LoginAsync("xiyuan.gridworker");
        (await again.GetEventAsync(code))["status"]!.GetValue<string>().ShouldBe("Reported");
        (await again.GetEventAsync(code))["timeline"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_list_filters_by_status_category_place_and_overdue()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var clerk = await app.LoginAsync("clerk");
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "070202"));
        async Task<List<string>> Codes(string q) =>
            [.. (await clerk.GetFromJsonAsync<JsonNode>("/api/events?pageSize=100&" + q))!["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>())];

        (await Codes("status=Reported&category=070202")).ShouldContain(code);
        (await Codes("category=07")).ShouldContain(code);
        (await Codes("category=0702")).ShouldContain(code);
        (await Codes("category=06")).ShouldNotContain(code);
        (await Codes("status=Escalated&category=070202")).ShouldNotContain(code);
        (await Codes($"region={CaseRequests.XiyuanGrid}&category=070202")).ShouldContain(code);
        (await Codes($"region={CaseRequests.SanliGrid}&category=070202")).ShouldNotContain(code);
        (await Codes("overdue=true&category=070202")).ShouldNotContain(code);

        await EventRequests.MoveRunningDeadlineAsync(app, code, DateTime.UtcNow.AddDays(-3));
        (await Codes("overdue=true&category=070202")).ShouldContain(code);
    }
}
