using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Warnings;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Warnings;

/// <summary>预警 over HTTP: each kind raised with its evidence on known data, not below its threshold, once however often scanned, scoped, and acknowledged/closed with an audit trail.</summary>
[Collection(WarningsCollection.Name)]
public sealed class WarningsTests(ConcordFactory app)
{
    /// <summary>A month far from the test run's own cases: only what a test writes for it is there.</summary>
    private static DateTime Era(int year) => new(year, 3, 15, 4, 0, 0, DateTimeKind.Utc);

    private static DateTime MonthsBefore(DateTime at, int months, int day = 10) => new DateTime(at.Year, at.Month, day, 4, 0, 0, DateTimeKind.Utc).AddMonths(-months);

    [Fact]
    public async Task Repeat_disputes_of_one_person_become_one_warning_that_a_rescan_does_not_duplicate_and_a_new_case_joins()
    {
        using var clerk = await app.LoginAsync("clerk");
        var id = WarningFixtures.NewIdNumber();
        var first = await clerk.RegisterCaseAsync(WarningFixtures.Body(idNumber: id));
        var second = await clerk.RegisterCaseAsync(WarningFixtures.Body(idNumber: id));
        var lone = await clerk.RegisterCaseAsync(WarningFixtures.Body());

        await app.ScanAsync();
        await app.ScanAsync();

        var repeats = await clerk.WarningsAsync("kind=repeat");
        var warning = repeats.With(second).ShouldHaveSingleItem();
        WarningFixtures.CasesOf(warning).ShouldBe([first, second], ignoreOrder: true);
        warning["caseCount"]!.GetValue<int>().ShouldBe(2);
        var evidence = warning["evidence"]!.GetValue<string>();
        evidence.ShouldContain("重复发生纠纷 2 件");
        evidence.ShouldContain(id[..4] + "**"); // the ID number masked, never in clear
        evidence.ShouldNotContain(id);
        warning["regionCode"]!.GetValue<string>().ShouldBe(CaseRequests.XiyuanVillage);
        warning["status"]!.GetValue<string>().ShouldBe("open");
        repeats.With(lone).ShouldBeEmpty();

        // A third dispute of the same person joins the same warning.
        var third = await clerk.RegisterCaseAsync(WarningFixtures.Body(idNumber: id));
        await app.ScanAsync();
        var again = (await clerk.WarningsAsync("kind=repeat")).With(third).ShouldHaveSingleItem();
        again["id"]!.GetValue<long>().ShouldBe(warning["id"]!.GetValue<long>());
        WarningFixtures.CasesOf(again).ShouldBe([first, second, third], ignoreOrder: true);
        again["evidence"]!.GetValue<string>().ShouldContain("重复发生纠纷 3 件");

        await using var db = app.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "warning.raised" && a.EntityId == warning["id"]!.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task Disputes_against_one_respondent_become_a_group_warning_at_the_graders_threshold_and_not_below()
    {
        using var clerk = await app.LoginAsync("clerk");
        var company = "预警群体测试物业" + Guid.NewGuid().ToString("N")[..6];
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(await clerk.RegisterCaseAsync(WarningFixtures.Body(respondent: company)));
        }

        var fewer = "预警少量测试物业" + Guid.NewGuid().ToString("N")[..6];
        var two = new[] { await clerk.RegisterCaseAsync(WarningFixtures.Body(respondent: fewer)), await clerk.RegisterCaseAsync(WarningFixtures.Body(respondent: fewer)) };

        await app.ScanAsync();

        var groups = await clerk.WarningsAsync("kind=group");
        var warning = groups.With(codes[2]).ShouldHaveSingleItem();
        WarningFixtures.CasesOf(warning).ShouldBe(codes, ignoreOrder: true);
        warning["evidence"]!.GetValue<string>().ShouldContain($"针对同一被申请人 {company}的纠纷 3 件");
        warning["kindLabel"]!.GetValue<string>().ShouldBe("群体性纠纷");
        groups.With(two[0]).ShouldBeEmpty();
        groups.With(two[1]).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_category_well_above_its_own_baseline_this_month_is_a_rising_warning_and_one_near_its_baseline_or_too_small_is_not()
    {
        var now = Era(2031);
        const string village = CaseRequests.XiyuanVillage;

        // 损害赔偿 (13): one a month for six months, four this month → 4.0 × the baseline.
        // 消费 (10): two a month, three this month → 1.5 ×, below 2 ×.  合同 (11): none before, two now → fewer than 3.
        for (var m = 1; m <= 6; m++)
        {
            await WarningFixtures.BackdatedAsync(app, village, "13", MonthsBefore(now, m));
            await WarningFixtures.BackdatedAsync(app, village, "10", MonthsBefore(now, m));
            await WarningFixtures.BackdatedAsync(app, village, "10", MonthsBefore(now, m, day: 20));
        }

        var rising = new List<string>();
        for (var d = 1; d <= 4; d++)
        {
            rising.Add(await WarningFixtures.BackdatedAsync(app, village, "13", new DateTime(2031, 3, d, 2, 0, 0, DateTimeKind.Utc)));
        }

        var consumer = new List<string>();
        for (var d = 1; d <= 3; d++)
        {
            consumer.Add(await WarningFixtures.BackdatedAsync(app, village, "10", new DateTime(2031, 3, d, 2, 0, 0, DateTimeKind.Utc)));
        }

        var contract = new[]
        {
            await WarningFixtures.BackdatedAsync(app, village, "11", new DateTime(2031, 3, 2, 2, 0, 0, DateTimeKind.Utc)),
            await WarningFixtures.BackdatedAsync(app, village, "11", new DateTime(2031, 3, 3, 2, 0, 0, DateTimeKind.Utc)),
        };

        await app.ScanAsync(now);
        await app.ScanAsync(now);

        using var clerk = await app.LoginAsync("clerk");
        var list = await clerk.WarningsAsync("kind=risingCategory&region=" + village);
        var warning = list.With(rising[0]).ShouldHaveSingleItem();
        WarningFixtures.CasesOf(warning).ShouldBe(rising, ignoreOrder: true);
        warning["evidence"]!.GetValue<string>().ShouldBe("本月损害赔偿纠纷 4 件，近 6 个月月均 1.0 件，为基线的 4.0 倍（预警标准：本月不少于 3 件且达到基线的 2 倍）。");
        warning["title"]!.GetValue<string>().ShouldBe("西苑居委会损害赔偿纠纷激增（2031-03）");
        warning["caseListLink"]!.GetValue<string>().ShouldBe($"/cases?categoryCode=13&place={village}&from=2031-03-01&to=2031-03-31");
        list.With(consumer[0]).ShouldBeEmpty();
        list.With(contract[0]).ShouldBeEmpty();

        // A fifth case this month updates the same warning's numbers.
        var fifth = await WarningFixtures.BackdatedAsync(app, village, "13", new DateTime(2031, 3, 10, 2, 0, 0, DateTimeKind.Utc));
        await app.ScanAsync(now);
        var updated = (await clerk.WarningsAsync("kind=risingCategory&region=" + village)).With(fifth).ShouldHaveSingleItem();
        updated["id"]!.GetValue<long>().ShouldBe(warning["id"]!.GetValue<long>());
        updated["evidence"]!.GetValue<string>().ShouldStartWith("本月损害赔偿纠纷 5 件，近 6 个月月均 1.0 件，为基线的 5.0 倍");

        // The filtered case list the warning links to lists exactly its cases.
        var listed = await clerk.ListCodesAsync($"categoryCode=13&place={village}&from=2031-03-01&to=2031-03-31&pageSize=100");
        listed.ShouldBe([.. rising, fifth], ignoreOrder: true);

        await using var db = app.SystemDb();
        (await db.EarlyWarnings.CountAsync(w => w.Kind == WarningKind.RisingCategory && w.DedupeKey == $"{village}|13|2031-03")).ShouldBe(1);
    }

    [Fact]
    public async Task Overdue_deadlines_piling_up_in_a_village_or_at_one_organisation_are_a_cluster_and_two_in_a_village_are_not()
    {
        using var clerk = await app.LoginAsync("clerk");
        var jianshe = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            jianshe.Add(await clerk.RegisterCaseAsync(WarningFixtures.Body(village: WarningFixtures.Jianshe)));
        }

        var shanshui = new[]
        {
            await clerk.RegisterCaseAsync(WarningFixtures.Body(village: WarningFixtures.Shanshui)),
            await clerk.RegisterCaseAsync(WarningFixtures.Body(village: WarningFixtures.Shanshui)),
        };
        await WarningFixtures.MakeOverdueAsync(app, [.. jianshe, .. shanshui]);

        await app.ScanAsync();
        await app.ScanAsync();

        var clusters = await clerk.WarningsAsync("kind=overdueCluster");
        var village = clusters.Where(w => w!["regionCode"]!.GetValue<string>() == WarningFixtures.Jianshe).ShouldHaveSingleItem()!;
        WarningFixtures.CasesOf(village).ShouldBe(jianshe, ignoreOrder: true);
        village["evidence"]!.GetValue<string>().ShouldStartWith("建设居委会超期未办案件期限 3 个，其中已升级督办 0 个");
        village["caseListLink"]!.GetValue<string>().ShouldBe("/cases?place=" + WarningFixtures.Jianshe);
        clusters.Where(w => w!["regionCode"]!.GetValue<string>() == WarningFixtures.Shanshui).ShouldBeEmpty();

        // The centre that registered them (and handles them until routed) has at least these five overdue.
        var centre = clusters.Where(w => w!["title"]!.GetValue<string>().StartsWith("文昌街道综治中心", StringComparison.Ordinal)).ShouldHaveSingleItem()!;
        centre["caseCount"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(5);
        WarningFixtures.CasesOf(centre).ShouldContain(shanshui[0]);
        centre["evidence"]!.GetValue<string>().ShouldContain("承办的超期未办案件期限");
    }

    [Fact]
    public async Task Another_subtree_sees_no_warning_and_finds_none_to_acknowledge_and_roles_without_the_permission_are_refused()
    {
        var warning = await RisingWarningAsync(2032);
        var id = warning["id"]!.GetValue<long>();

        using var longmian = await app.LoginAsync("longmian.clerk");
        (await longmian.WarningsAsync()).Any(w => w!["id"]!.GetValue<long>() == id).ShouldBeFalse();
        (await longmian.GetAsync($"/api/warnings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await longmian.PostAsJsonAsync($"/api/warnings/{id}/acknowledge", new { note = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await longmian.PostAsJsonAsync($"/api/warnings/{id}/close", new { confirmed = true, note = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var summary = await (await longmian.GetAsync("/api/warnings/summary")).ReadJsonAsync();
        summary["byKind"]!["risingCategory"]!.GetValue<int>().ShouldBe((await longmian.WarningsAsync("kind=risingCategory&status=open")).Count);

        using var supervisor = await app.LoginAsync("supervisor");
        (await supervisor.GetAsync($"/api/warnings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var county = await (await supervisor.GetAsync("/api/warnings/summary")).ReadJsonAsync();
        county["byKind"]!["risingCategory"]!.GetValue<int>().ShouldBeGreaterThan(0);
        county["byKind"]!.AsObject().Select(kv => kv.Key).ShouldBe(["repeat", "group", "risingCategory", "overdueCluster"], ignoreOrder: true);

        using var gridworker = await app.LoginAsync("gridworker");
        (await gridworker.GetAsync("/api/warnings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var gridleader = await app.LoginAsync("gridleader");
        (await gridleader.PostAsJsonAsync($"/api/warnings/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_warning_is_acknowledged_then_closed_only_with_confirmation_and_a_note_each_step_audited_and_a_closed_one_stays_closed()
    {
        var warning = await RisingWarningAsync(2033);
        var id = warning["id"]!.GetValue<long>();
        var key = id.ToString(CultureInfo.InvariantCulture);
        using var clerk = await app.LoginAsync("clerk");

        (await clerk.PostAsJsonAsync($"/api/warnings/{id}/acknowledge", new { note = "已安排司法所排查" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var acknowledged = await (await clerk.GetAsync($"/api/warnings/{id}")).ReadJsonAsync();
        acknowledged["status"]!.GetValue<string>().ShouldBe("acknowledged");
        acknowledged["acknowledgedByName"]!.GetValue<string>().ShouldBe("王秀兰");
        acknowledged["note"]!.GetValue<string>().ShouldBe("已安排司法所排查");
        (await clerk.PostAsJsonAsync($"/api/warnings/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        using var unconfirmed = await clerk.PostAsJsonAsync($"/api/warnings/{id}/close", new { confirmed = false, note = "已处置" });
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unconfirmed.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("confirmed").ShouldBeTrue();
        using var noNote = await clerk.PostAsJsonAsync($"/api/warnings/{id}/close", new { confirmed = true });
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("note").ShouldBeTrue();

        (await clerk.PostAsJsonAsync($"/api/warnings/{id}/close", new { confirmed = true, note = "已逐户走访化解" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await clerk.PostAsJsonAsync($"/api/warnings/{id}/close", new { confirmed = true, note = "再次" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await clerk.WarningsAsync("status=closed")).Any(w => w!["id"]!.GetValue<long>() == id).ShouldBeTrue();
        (await clerk.WarningsAsync("status=open")).Any(w => w!["id"]!.GetValue<long>() == id).ShouldBeFalse();

        // More cases the same month do not reopen a closed rising warning.
        await WarningFixtures.BackdatedAsync(app, CaseRequests.XiyuanVillage, "14", new DateTime(2033, 3, 12, 2, 0, 0, DateTimeKind.Utc));
        await app.ScanAsync(Era(2033));
        var closed = await (await clerk.GetAsync($"/api/warnings/{id}")).ReadJsonAsync();
        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["closedByName"]!.GetValue<string>().ShouldBe("王秀兰");
        closed["caseCount"]!.GetValue<int>().ShouldBe(3);

        await using var db = app.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "warning.acknowledged" && a.EntityId == key && a.Changes.Contains("已安排司法所排查"))).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.Action == "warning.closed" && a.EntityId == key && a.Changes.Contains("已逐户走访化解"))).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_filters_are_field_errors()
    {
        using var clerk = await app.LoginAsync("clerk");
        using var response = await clerk.GetAsync("/api/warnings?kind=bored&status=sleeping&region=xyz");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        errors.ContainsKey("kind").ShouldBeTrue();
        errors.ContainsKey("status").ShouldBeTrue();
        errors.ContainsKey("region").ShouldBeTrue();
    }

    [Fact]
    public async Task The_page_shows_the_evidence_links_the_cases_explains_the_thresholds_and_closes_only_when_confirmed()
    {
        var warning = await RisingWarningAsync(2034);
        var id = warning["id"]!.GetValue<long>();
        using var client = await PageClient.LoginAsync(app, "clerk");
        var html = await client.GetStringAsync("/warnings?kind=risingCategory");
        html.ShouldContain("本月环境污染纠纷 3 件");
        html.ShouldContain($"href=\"/cases/{WarningFixtures.CasesOf(warning)[0]}\"");
        html.ShouldContain("预警标准（本县配置）");
        html.ShouldContain("前 6 个月月均数的 2 倍");

        var token = await PageClient.AntiforgeryTokenAsync(client, "/warnings");
        using var unconfirmed = await client.PostAsync($"/warnings?handler=Close&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["note"] = "已处置",
        }));
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unconfirmed.Content.ReadAsStringAsync()).ShouldContain("请确认已核实处置情况后再关闭预警。");

        using var closed = await client.PostAsync($"/warnings?handler=Close&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["note"] = "已处置",
            ["confirmed"] = "true",
        }));
        closed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = app.SystemDb();
        (await db.EarlyWarnings.SingleAsync(w => w.Id == id)).Status.ShouldBe(WarningStatus.Closed);
    }

    /// <summary>A rising 环境污染 (14) warning in 西苑 for March of <paramref name="year"/>: three cases, no history.</summary>
    private async Task<JsonNode> RisingWarningAsync(int year)
    {
        var codes = new List<string>();
        for (var d = 1; d <= 3; d++)
        {
            codes.Add(await WarningFixtures.BackdatedAsync(app, CaseRequests.XiyuanVillage, "14", new DateTime(year, 3, d, 2, 0, 0, DateTimeKind.Utc)));
        }

        await app.ScanAsync(Era(year));
        using var supervisor = await app.LoginAsync("supervisor");
        return (await supervisor.WarningsAsync("kind=risingCategory")).With(codes[0]).ShouldHaveSingleItem();
    }
}
