using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Domain.Regions;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Lessons;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Dashboard;

/// <summary>
/// 领导驾驶舱 over HTTP: every figure equals a recount of known cases, every figure's link lists
/// exactly that many cases, places outside the user's subtree are 404, and the live stream tells
/// a user about changes in their subtree only.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardTests(ConcordFactory app)
{
    private const string Longmian = "340881003";
    private const string Wenchang = "340881002";

    [Fact]
    public async Task Every_figure_equals_a_recount_of_the_cases_registered_and_its_link_lists_as_many_cases()
    {
        var village = await LongmianVillageAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        var before = await DashboardAsync(clerk, village);

        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(await clerk.RegisterCaseAsync(Body(village)));
        }

        var withdrawn = await clerk.RegisterCaseAsync(Body(village));
        codes.Add(withdrawn);
        (await clerk.PostAsJsonAsync($"/api/cases/{withdrawn}/withdraw", new { reason = "当事人自行和解" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var failed = await clerk.RegisterCaseAsync(Body(village, category: "01"));
        codes.Add(failed);
        await LessonFixtures.SetStatusAsync(app, failed, CaseStatus.Mediating);
        using (var response = await clerk.PostAsJsonAsync($"/api/cases/{failed}/no-agreement", new { nextRoute = "litigation", reason = "双方分歧过大" }))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }

        var resolved = await clerk.RegisterCaseAsync(Body(village, channel: "12345"));
        codes.Add(resolved);
        await ArrangeResolvedAsync(resolved);

        codes.Add(await clerk.RegisterCaseAsync(Body(village, people: 8)));
        codes.Add(await clerk.RegisterCaseAsync(Body(village, narrative: "当事人扬言要跳楼，情绪激动。")));

        var after = await DashboardAsync(clerk, village);
        var mine = await RecountAsync(codes);
        mine.Urgent.ShouldBeGreaterThan(0, "the arranged cases include red flags");

        Figure(after, "registered").ShouldBe(Figure(before, "registered") + mine.Registered);
        Figure(after, "concluded").ShouldBe(Figure(before, "concluded") + mine.Concluded);
        Figure(after, "open").ShouldBe(Figure(before, "open") + mine.Registered - mine.Concluded);
        Figure(after, "urgent").ShouldBe(Figure(before, "urgent") + mine.Urgent);
        Figure(after, "repeat").ShouldBe(Figure(before, "repeat") + mine.Repeat);
        Figure(after, "group").ShouldBe(Figure(before, "group") + mine.Group);
        Part(after, "onTimeRate").ShouldBe(Part(before, "onTimeRate") + mine.OnTime);
        Part(after, "successRate").ShouldBe(Part(before, "successRate") + mine.Resolved);
        Base(after, "successRate").ShouldBe(Base(before, "successRate") + mine.Resolved + mine.Failed);
        Part(after, "satisfactionRate").ShouldBe(Part(before, "satisfactionRate") + mine.Satisfied);
        Base(after, "satisfactionRate").ShouldBe(Base(before, "satisfactionRate") + mine.Rated);
        var month = after["months"]!.AsArray()[^1]!;
        var monthBefore = before["months"]!.AsArray()[^1]!;
        month["registered"]!["value"]!.GetValue<long>().ShouldBe(monthBefore["registered"]!["value"]!.GetValue<long>() + mine.Registered);
        month["concludedInMonth"]!["value"]!.GetValue<long>().ShouldBe(monthBefore["concludedInMonth"]!["value"]!.GetValue<long>() + mine.Concluded);
        Slice(after, "categories", "01").ShouldBe(Slice(before, "categories", "01") + 1);

        // Rates are the documented quotients of their parts.
        var rate = after["kpis"]!["concludedRate"]!;
        rate["value"]!.GetValue<double>().ShouldBe((double)Figure(after, "concluded") / Figure(after, "registered"), 1e-9);

        // The village's red-flag list holds the new urgent cases.
        var flagged = after["redFlags"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        foreach (var code in mine.UrgentOpenCodes)
        {
            flagged.ShouldContain(code);
        }

        // Every figure of the village, and of its town (channel and risk breakdowns, children), lists as many cases.
        await EveryLinkMatchesAsync(clerk, after);
        await EveryLinkMatchesAsync(clerk, await DashboardAsync(clerk, Longmian));
    }

    [Fact]
    public async Task The_town_shows_its_villages_as_children_with_their_figures()
    {
        var village = await LongmianVillageAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        await clerk.RegisterCaseAsync(Body(village));
        var town = await DashboardAsync(clerk, Longmian);
        town["place"]!["level"]!.GetValue<string>().ShouldBe("Town");
        town["place"]!["breadcrumb"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()).ShouldBe(["340881", Longmian]);
        var villageRow = town["children"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == village)!;
        var villageDashboard = await DashboardAsync(clerk, village);
        villageRow["registered"]!["value"]!.GetValue<long>().ShouldBe(Figure(villageDashboard, "registered"));
        villageRow["link"]!.GetValue<string>().ShouldStartWith($"/dashboard?place={village}");
        villageDashboard["children"]!.AsArray().ShouldBeEmpty();
        villageRow["latitude"].ShouldNotBeNull("the demo county has a point for every village");

        var county = await DashboardAsync(clerk, null);
        county["place"]!["code"]!.GetValue<string>().ShouldBe("340881");
        var townRow = county["children"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == Longmian)!;
        townRow["longitude"].ShouldNotBeNull("a town's point is the mean of its villages'");
    }

    [Fact]
    public async Task A_town_clerk_gets_their_town_and_404_for_another_town_or_the_county()
    {
        using var clerk = await app.LoginAsync("clerk");
        var own = await DashboardAsync(clerk, null);
        own["place"]!["code"]!.GetValue<string>().ShouldBe(Wenchang);
        own["place"]!["breadcrumb"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()).ShouldBe([Wenchang]);
        (await clerk.GetAsync($"/api/dashboard?place={Longmian}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await clerk.GetAsync($"/api/dashboard?place={await LongmianVillageAsync()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await clerk.GetAsync("/api/dashboard?place=340881")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await clerk.GetFromJsonAsync<JsonObject>($"/api/cases?place={Longmian}"))!["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData("gridworker")]
    [InlineData("household")]
    [InlineData("department")]
    [InlineData("mediator")]
    public async Task Users_without_the_dashboard_permission_are_refused(string user)
    {
        using var client = await app.LoginAsync(user);
        (await client.GetAsync("/api/dashboard")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/dashboard/stream")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bad_month_is_a_problem_with_a_field_error()
    {
        using var clerk = await app.LoginAsync("supervisor");
        using var response = await clerk.GetAsync("/api/dashboard?from=2026-13");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["from"].ShouldNotBeNull();
        (await clerk.GetAsync("/api/dashboard?from=2026-05&to=2026-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_stream_tells_a_town_clerk_about_a_case_in_their_town_and_not_about_one_elsewhere()
    {
        using var clerk = await app.LoginAsync("clerk");
        using var county = await app.LoginAsync("county.clerk");
        using var stream = await clerk.GetAsync("/api/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        stream.StatusCode.ShouldBe(HttpStatusCode.OK);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldBe(": connected");

        var longmianVillage = await LongmianVillageAsync();
        await county.RegisterCaseAsync(Body(longmianVillage));
        await clerk.RegisterCaseAsync(Body(CaseRequests.XiyuanVillage, narrative: "对方威胁要拼命，请尽快处理。"));

        // Messages arrive in commit order: none before the 西苑 case's may name 龙眠's village.
        JsonNode? message = null;
        while (message is null)
        {
            var line = await reader.ReadLineAsync() ?? throw new InvalidOperationException("The stream ended.");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonNode.Parse(line["data: ".Length..])!;
                var places = data["places"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
                places.ShouldNotContain(longmianVillage);
                places.ShouldAllBe(p => p.StartsWith(Wenchang, StringComparison.Ordinal));
                if (places.Contains(CaseRequests.XiyuanVillage))
                {
                    message = data;
                }
            }
        }

        message["urgent"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldContain(CaseRequests.XiyuanVillage);
    }

    private static long Figure(JsonNode d, string key) => d["kpis"]![key]!["value"]!.GetValue<long>();

    private static long Part(JsonNode d, string key) => d["kpis"]![key]!["part"]!["value"]!.GetValue<long>();

    private static long Base(JsonNode d, string key) => d["kpis"]![key]!["base"]!["value"]!.GetValue<long>();

    private static long Slice(JsonNode d, string breakdown, string key) =>
        d[breakdown]!.AsArray().FirstOrDefault(s => s!["key"]!.GetValue<string>() == key)?["registered"]!["value"]!.GetValue<long>() ?? 0;

    private static async Task<JsonNode> DashboardAsync(HttpClient client, string? place)
    {
        using var response = await client.GetAsync("/api/dashboard" + (place is null ? "" : "?place=" + place));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Follows every count's case-list filter through GET /api/cases and compares the totals.</summary>
    private static async Task EveryLinkMatchesAsync(HttpClient client, JsonNode dashboard)
    {
        var counts = new List<(long Value, string Cases)>();
        Collect(dashboard, counts);
        counts.Count.ShouldBeGreaterThan(20);
        foreach (var (value, cases) in counts.Distinct())
        {
            var list = await client.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=1&" + cases);
            list!["total"]!.GetValue<long>().ShouldBe(value, cases);
        }
    }

    private static void Collect(JsonNode? node, List<(long, string)> counts)
    {
        switch (node)
        {
            case JsonObject o when o["value"] is JsonValue v && o.ContainsKey("cases") && v.TryGetValue<long>(out var value):
                if (o["cases"] is JsonValue c)
                {
                    counts.Add((value, c.GetValue<string>()));
                }

                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, counts);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, counts);
                }

                break;
        }
    }

    private static JsonObject Body(string village, string category = "07", string channel = "window", int people = 2, string? narrative = null)
    {
        var body = LessonFixtures.Lone(people);
        body["villageCode"] = village;
        body["gridCode"] = null;
        body["categoryCode"] = category;
        body["channel"] = channel;
        body["parties"]![1]!["name"] = "驾驶舱测试公司" + Guid.NewGuid().ToString("N")[..8];
        if (narrative is not null)
        {
            body["narrative"] = narrative + Guid.NewGuid().ToString("N")[..8];
        }

        return body;
    }

    /// <summary>A village of 龙眠街道 no other test registers cases in (the last by code).</summary>
    private async Task<string> LongmianVillageAsync()
    {
        await using var db = app.SystemDb();
        return await db.Regions.Where(r => r.ParentCode == Longmian && r.Level == RegionLevel.Village)
            .OrderByDescending(r => r.Code).Select(r => r.Code).FirstAsync();
    }

    /// <summary>化解成功, on time, rated 满意 — arranged through the tracked context, as the lifecycle writes it.</summary>
    private async Task ArrangeResolvedAsync(string code)
    {
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);
        c.Status = CaseStatus.Closed;
        c.Outcome = CaseOutcome.Resolved;
        c.ConcludedAt = DateTime.UtcNow;
        c.ConcludedOnTime = true;
        c.Rating = Concord.Web.Closing.Rating.Satisfied;
        db.Audit("test.arranged", "Case", code, new { status = "Closed" });
        await db.SaveChangesAsync();
    }

    private sealed record Recount(long Registered, long Concluded, long OnTime, long Resolved, long Failed, long Rated, long Satisfied,
        long Urgent, long Repeat, long Group, List<string> UrgentOpenCodes);

    private async Task<Recount> RecountAsync(List<string> codes)
    {
        await using var db = app.SystemDb();
        var cases = await db.Cases.Where(c => codes.Contains(c.Code)).ToListAsync();
        cases.Count.ShouldBe(codes.Count);
        var concluded = cases.Where(c => Rollups.IsConcluded(c.Status)).ToList();
        return new Recount(
            cases.Count,
            concluded.Count,
            concluded.Count(c => c.ConcludedOnTime),
            concluded.Count(c => c.Outcome == CaseOutcome.Resolved),
            concluded.Count(c => c.Outcome == CaseOutcome.Failed),
            cases.Count(c => c.Rating is not null),
            cases.Count(c => c.Rating is Concord.Web.Closing.Rating.Satisfied or Concord.Web.Closing.Rating.BasicallySatisfied),
            cases.Count(c => c.Urgent),
            cases.Count(c => c.RepeatDispute),
            cases.Count(c => c.GroupDispute),
            [.. cases.Where(c => c.DutyListedAt is not null && !Rollups.IsConcluded(c.Status)).Select(c => c.Code)]);
    }
}
