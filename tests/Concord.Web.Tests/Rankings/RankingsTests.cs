using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Domain.Dashboard;
using Concord.Domain.Regions;
using Concord.Web.Dashboard;
using Concord.Web.Tests.Infrastructure;
using ExcelDataReader;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Rankings;

/// <summary>Rankings and 体检表 read known figures, so they have an app and database of their own.</summary>
[CollectionDefinition(Name)]
public sealed class RankingsCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Rankings app";
}

/// <summary>
/// 月晾晒/季排位 and the 体检表 on known data: cases registered through the API in three villages
/// of one town (populations set through the API), earlier months written as roll-up rows.
/// </summary>
[Collection(RankingsCollection.Name)]
public sealed class RankingsTests(ConcordFactory app)
{
    private static readonly SemaphoreSlim s_setUp = new(1, 1);
    private static readonly Dictionary<ConcordFactory, Fixture> s_fixtures = [];

    private sealed record Fixture(string Town, string TownName, string V1, string V2, string V3, int Now, int Previous);

    private static int ThisMonth()
    {
        var now = DateTime.UtcNow + Rollups.ChinaOffset;
        return (now.Year * 100) + now.Month;
    }

    private static string Month(int period) => $"{period / 100:0000}-{period % 100:00}";

    /// <summary>
    /// Town = the fifth town of 桐城市 (no demo user works there). Populations: V1 10,000, V2 20,000,
    /// V3 unknown. This month: V1 2 cases, V2 2, V3 1 (via the API). Previous month (rows): V1 1 case, V2 10.
    /// </summary>
    private async Task<Fixture> SetUpAsync()
    {
        await s_setUp.WaitAsync();
        try
        {
            if (s_fixtures.TryGetValue(app, out var done))
            {
                return done;
            }

            string town, townName;
            string[] villages;
            await using (var db = app.SystemDb())
            {
                var t = await db.Regions.Where(r => r.Code.StartsWith("340881") && r.Level == RegionLevel.Town).OrderBy(r => r.Code).Skip(4).FirstAsync();
                (town, townName) = (t.Code, t.Name);
                villages = [.. (await db.Regions.Where(r => r.ParentCode == town).Select(r => r.Code).ToListAsync()).Order(StringComparer.Ordinal).Take(3)];
            }

            using var admin = await app.LoginAsync("sysadmin");
            foreach (var (code, population) in new[] { (villages[0], (int?)10000), (villages[1], 20000), (villages[2], null) })
            {
                using var put = await admin.PutAsJsonAsync($"/api/regions/{code}/population", new { population });
                put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
            }

            using var clerk = await app.LoginAsync("county.clerk");
            foreach (var (village, count) in new[] { (villages[0], 2), (villages[1], 2), (villages[2], 1) })
            {
                for (var i = 0; i < count; i++)
                {
                    await clerk.RegisterCaseAsync(CaseRequests.Body(village: village, marker: Guid.NewGuid().ToString("N")[..8]));
                }
            }

            var now = ThisMonth();
            var previous = RollupQueries.AddMonths(now, -1);
            await AddRowsAsync(town, villages[0], previous, registered: 1, concluded: 1);
            await AddRowsAsync(town, villages[1], previous, registered: 10, concluded: 0);
            return s_fixtures[app] = new Fixture(town, townName, villages[0], villages[1], villages[2], now, previous);
        }
        finally
        {
            s_setUp.Release();
        }
    }

    /// <summary>Figures of an earlier month, written as the roll-up rows the store keeps (village and town).</summary>
    private async Task AddRowsAsync(string town, string village, int period, long registered, long concluded)
    {
        await using var db = app.SystemDb();
        foreach (var (code, parent) in new[] { (village, town), (town, town[..6]) })
        {
            var row = await db.CaseRollups.FirstOrDefaultAsync(r => r.RegionCode == code && r.Period == period && r.Dim == Rollups.Total);
            if (row is null)
            {
                db.CaseRollups.Add(row = new CaseRollup { RegionCode = code, Period = period, Dim = Rollups.Total, ParentCode = parent });
            }

            row.Registered += registered;
            row.Concluded += concluded;
            row.ConcludedInMonth += concluded;
        }

        // Channels are kept from the town up, as the store does.
        var window = Rollups.ChannelDim(Domain.Cases.Channel.Window);
        var channel = await db.CaseRollups.FirstOrDefaultAsync(r => r.RegionCode == town && r.Period == period && r.Dim == window);
        if (channel is null)
        {
            db.CaseRollups.Add(channel = new CaseRollup { RegionCode = town, Period = period, Dim = window, ParentCode = town[..6] });
        }

        channel.Registered += registered;

        db.Audit("test.rollup_rows", "CaseRollup", village, new { period, registered });
        await db.SaveChangesAsync();
    }

    private static JsonNode Row(JsonNode result, string code) => result["rows"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!;

    private static JsonNode Cell(JsonNode row, string key) => row["indicators"]!.AsArray().Single(c => c!["key"]!.GetValue<string>() == key)!;

    [Fact]
    public async Task Villages_are_ranked_on_figures_per_10000_residents_not_on_size()
    {
        var f = await SetUpAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        var result = (await clerk.GetFromJsonAsync<JsonNode>($"/api/rankings?place={f.Town}&period={Month(f.Now)}&kind=month"))!;
        result["placeName"]!.GetValue<string>().ShouldBe(f.TownName);
        var v1 = Row(result, f.V1);
        var v2 = Row(result, f.V2);
        var v3 = Row(result, f.V3);
        v1["registered"]!.GetValue<long>().ShouldBe(2);
        v2["registered"]!.GetValue<long>().ShouldBe(2);
        Cell(v1, "intakePer10k")["value"]!.GetValue<double>().ShouldBe(2.0, 1e-9);
        Cell(v2, "intakePer10k")["value"]!.GetValue<double>().ShouldBe(1.0, 1e-9);
        Cell(v3, "intakePer10k")["value"].ShouldBeNull();
        v3["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain(n => n.Contains("人口数未知"));
        Cell(v1, "concludedRate")["value"]!.GetValue<double>().ShouldBe(0);
        // Same cases, twice the residents: V2 ranks above V1.
        v2["rank"]!.GetValue<int>().ShouldBeLessThan(v1["rank"]!.GetValue<int>());
        var ranks = result["rows"]!.AsArray().Select(r => r!["rank"]?.GetValue<int>() ?? int.MaxValue).ToList();
        ranks.ShouldBe(ranks.Order().ToList());
        var composites = result["rows"]!.AsArray().Select(r => r!["composite"]?.GetValue<double>() ?? double.MinValue).ToList();
        composites.ShouldBe(composites.OrderDescending().ToList());
    }

    [Fact]
    public async Task Each_place_shows_its_change_from_the_previous_period()
    {
        var f = await SetUpAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        var result = (await clerk.GetFromJsonAsync<JsonNode>($"/api/rankings?place={f.Town}&period={Month(f.Now)}&kind=month"))!;
        var v1 = Row(result, f.V1);
        var v2 = Row(result, f.V2);
        // Last month V1 (1 per 10,000) was ahead of V2 (5 per 10,000); this month V2 is ahead.
        v1["previousRank"]!.GetValue<int>().ShouldBeLessThan(v2["previousRank"]!.GetValue<int>());
        v1["rank"]!.GetValue<int>().ShouldBeGreaterThan(v2["rank"]!.GetValue<int>());
        foreach (var row in new[] { v1, v2 })
        {
            row["rankChange"]!.GetValue<int>().ShouldBe(row["previousRank"]!.GetValue<int>() - row["rank"]!.GetValue<int>());
        }

        v1["rankChange"]!.GetValue<int>().ShouldBeLessThan(0);
        Cell(v1, "intakePer10k")["delta"]!.GetValue<double>().ShouldBe(1.0, 1e-9);
        Cell(v2, "intakePer10k")["delta"]!.GetValue<double>().ShouldBe(-4.0, 1e-9);
        Cell(v1, "intakePer10k")["previousValue"]!.GetValue<double>().ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public async Task A_town_clerk_sees_rankings_of_their_own_town_only()
    {
        var f = await SetUpAsync();
        using var clerk = await app.LoginAsync("clerk");
        var own = (await clerk.GetFromJsonAsync<JsonNode>("/api/rankings"))!;
        own["place"]!.GetValue<string>().ShouldBe("340881002");
        own["rows"]!.AsArray().ShouldAllBe(r => r!["code"]!.GetValue<string>().StartsWith("340881002"));
        foreach (var place in new[] { "340881", f.Town, f.V1, "340881003" })
        {
            using var response = await clerk.GetAsync($"/api/rankings?place={place}");
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, place);
            using var report = await clerk.GetAsync($"/reports/health-check.xlsx?place={place}");
            report.StatusCode.ShouldBe(HttpStatusCode.NotFound, place);
        }

        using var mediator = await app.LoginAsync("gridworker");
        (await mediator.GetAsync("/api/rankings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var bad = await clerk.GetAsync("/api/rankings?period=2026-13&kind=week");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadJsonAsync();
        problem["errors"]!["period"].ShouldNotBeNull();
        problem["errors"]!["kind"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_population_page_lists_places_shows_errors_beside_the_field_and_saves()
    {
        var f = await SetUpAsync();
        string other;
        await using (var db = app.SystemDb())
        {
            other = await db.Regions.Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith("340881") && !r.Code.StartsWith(f.Town))
                .OrderBy(r => r.Code).Select(r => r.Code).FirstAsync();
        }

        using var admin = await Pages.PageClient.LoginAsync(app, "sysadmin");
        var county = await admin.GetStringAsync("/admin/population");
        county.ShouldContain($"/admin/population?place={f.Town}");
        county.ShouldContain(f.TownName);
        var town = await admin.GetStringAsync($"/admin/population?place={f.Town}");
        town.ShouldContain($"data-code=\"{f.V1}\"");
        town.ShouldContain("value=\"10000\"");

        var otherTown = other[..9];
        var token = await Pages.PageClient.AntiforgeryTokenAsync(admin, $"/admin/population?place={otherTown}");
        async Task<HttpResponseMessage> PostAsync(string value) => await admin.PostAsync("/admin/population", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["code"] = other,
            ["place"] = otherTown,
            ["population"] = value,
        }));

        using (var bad = await PostAsync("三千"))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await bad.Content.ReadAsStringAsync()).ShouldContain("请填写不含小数的人口数，未知请留空。");
        }

        using (var tooMany = await PostAsync("20000000"))
        {
            tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await tooMany.Content.ReadAsStringAsync()).ShouldContain("人口数应在 0 到 10000000 之间");
        }

        await using (var db = app.SystemDb())
        {
            (await db.Regions.SingleAsync(r => r.Code == other)).ResidentPopulation.ShouldNotBe(12345);
        }

        using (var saved = await PostAsync("12,345"))
        {
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await using (var db = app.SystemDb())
        {
            (await db.Regions.SingleAsync(r => r.Code == other)).ResidentPopulation.ShouldBe(12345);
        }

        // The city above the county is outside the admin's scope.
        using var outside = await admin.GetAsync("/admin/population?place=3408");
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Population_is_edited_by_the_system_admin_only_and_validated()
    {
        var f = await SetUpAsync();
        using var admin = await app.LoginAsync("sysadmin");
        using var bad = await admin.PutAsJsonAsync($"/api/regions/{f.V1}/population", new { population = -5 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadJsonAsync())["errors"]!["population"].ShouldNotBeNull();
        using var clerk = await app.LoginAsync("county.clerk");
        using var denied = await clerk.PutAsJsonAsync($"/api/regions/{f.V1}/population", new { population = 5 });
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var db = app.SystemDb();
        (await db.Regions.SingleAsync(r => r.Code == f.V1)).ResidentPopulation.ShouldBe(10000);
    }

    [Fact]
    public async Task The_health_check_workbook_holds_title_headers_and_figures()
    {
        var f = await SetUpAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        using var response = await clerk.GetAsync($"/reports/health-check.xlsx?place={f.Town}&period={Month(f.Now)}&kind=month");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var (rows, formats) = ReadXlsx(await response.Content.ReadAsByteArrayAsync());
        var label = $"{f.Now / 100}年{f.Now % 100}月";
        rows[0][0].ShouldBe($"{f.TownName} {label} 矛盾纠纷化解工作体检表");
        rows[1].ShouldContain("排查数据");
        rows[1].ShouldContain("调解情况");
        var headers = rows[2];
        headers[0].ShouldBe("地区");
        var registered = Array.IndexOf(headers, "受理总数");
        var window = Array.IndexOf(headers, "窗口受理");
        var rate = Array.IndexOf(headers, "办结率");
        registered.ShouldBeGreaterThan(0);
        rate.ShouldBeGreaterThan(0);
        await using var db = app.SystemDb();
        var names = await db.Regions.Where(r => r.Code == f.V1 || r.Code == f.V3).ToDictionaryAsync(r => r.Code, r => r.Name);
        var v1 = rows.Single(r => r[0] == names[f.V1]);
        v1[registered].ShouldBe("2");
        v1[window].ShouldBe("—"); // channels are kept from the town up
        rows.Single(r => r[0] == names[f.V3])[registered].ShouldBe("1");
        var totalIndex = rows.FindIndex(r => r[0] == "合计");
        rows[totalIndex][registered].ShouldBe("5");
        rows[totalIndex][window].ShouldBe("5");
        rows[totalIndex][rate].ShouldBe("0");
        formats[totalIndex][rate].ShouldBe("0.0%");
    }

    [Fact]
    public async Task A_quarter_is_the_sum_of_its_months()
    {
        var f = await SetUpAsync();
        using var clerk = await app.LoginAsync("county.clerk");
        var quarter = (await clerk.GetFromJsonAsync<JsonNode>($"/api/reports/health-check?place={f.Town}&period={Month(f.Now)}&kind=quarter"))!;
        var first = (((f.Now % 100) - 1) / 3 * 3) + 1;
        var months = Enumerable.Range(first, 3).Select(m => ((f.Now / 100) * 100) + m).ToList();
        months.ShouldContain(f.Now);
        var monthly = new List<JsonNode>();
        foreach (var m in months)
        {
            monthly.Add((await clerk.GetFromJsonAsync<JsonNode>($"/api/reports/health-check?place={f.Town}&period={Month(m)}&kind=month"))!);
        }

        var columns = quarter["columns"]!.AsArray();
        var quarterRows = quarter["rows"]!.AsArray();
        quarterRows.Count.ShouldBeGreaterThan(3);
        var checkedAny = false;
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c]!["format"]!.ToString() is not ("number" or "Number" or "0"))
            {
                continue;
            }

            for (var r = 0; r < quarterRows.Count; r++)
            {
                var q = quarterRows[r]!["values"]![c]?.GetValue<double>();
                var parts = monthly.Select(m => m["rows"]![r]!["values"]![c]?.GetValue<double>()).ToList();
                if (q is null)
                {
                    continue;
                }

                q.Value.ShouldBe(parts.Sum(p => p ?? 0), $"{columns[c]!["header"]} row {r}");
                checkedAny |= q.Value > 0;
            }
        }

        checkedAny.ShouldBeTrue();
        var total = quarterRows.Single(r => r!["isTotal"]!.GetValue<bool>())!;
        total["values"]![0]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(5);
    }

    private static (List<string[]> Rows, List<string?[]> Formats) ReadXlsx(byte[] content)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(content);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var rows = new List<string[]>();
        var formats = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "")]);
            formats.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetNumberFormatString)]);
        }

        return (rows, formats);
    }
}
