using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Triage;

/// <summary>分类分级 at intake: suggestion and override, risk grade, red flags, the duty list and the first deadline.</summary>
[Collection(AppCollection.Name)]
public sealed class IntakeTriageTests(ConcordFactory app)
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>The shared test body names one respondent company for every case; a fresh one keeps group flags out.</summary>
    private static JsonObject Fresh(JsonObject body)
    {
        body["parties"]![1]!["name"] = $"桐城市某物业管理有限公司{Unique()}";
        return body;
    }

    private async Task<JsonNode> RegisterAndViewAsync(HttpClient client, JsonObject body)
    {
        var code = await client.RegisterCaseAsync(body);
        return (await (await client.GetAsync($"/api/cases/{code}")).ReadJsonAsync())!;
    }

    [Fact]
    public async Task The_seed_story_threat_raises_a_red_flag_puts_the_case_on_the_duty_list_and_sets_a_same_day_deadline()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var body = Fresh(CaseRequests.Body(grid: CaseRequests.XiyuanGrid, narrative: $"网格员走访时听到丈夫扬言如果妻子坚持离婚就要搞出大事。{Unique()}"));
        body["categoryCode"] = "01";
        body["channel"] = "grid";
        var view = await RegisterAndViewAsync(worker, body);
        view["urgent"]!.GetValue<bool>().ShouldBeTrue();
        view["riskLevel"]!.GetValue<string>().ShouldNotBe("General");
        var flag = view["redFlags"]!.AsArray().ShouldHaveSingleItem()!;
        flag["kind"]!.GetValue<string>().ShouldBe("ExtremeWords");
        flag["reason"]!.GetValue<string>().ShouldContain("搞出大事");
        var deadline = view["deadlines"]!.AsArray().ShouldHaveSingleItem()!;
        deadline["stage"]!.GetValue<string>().ShouldBe("SameDay");
        view["timeline"]!.AsArray().ShouldContain(e => e!["kind"]!.GetValue<string>() == "red_flag");

        using var clerk = await app.LoginAsync("clerk");
        var duty = (await (await clerk.GetAsync("/api/duty")).ReadJsonAsync())!.AsArray();
        duty.ShouldContain(i => i!["code"]!.GetValue<string>() == view["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_ordinary_dispute_gets_a_one_working_day_acceptance_deadline_and_stays_off_the_duty_list()
    {
        using var clerk = await app.LoginAsync("clerk");
        var view = await RegisterAndViewAsync(clerk, Fresh(CaseRequests.Body(marker: Unique())));
        view["urgent"]!.GetValue<bool>().ShouldBeFalse();
        view["redFlags"]!.AsArray().ShouldBeEmpty();
        view["deadlines"]!.AsArray().ShouldHaveSingleItem()!["stage"]!.GetValue<string>().ShouldBe("Acceptance");
        var duty = (await (await clerk.GetAsync("/api/duty")).ReadJsonAsync())!.AsArray();
        duty.ShouldNotContain(i => i!["code"]!.GetValue<string>() == view["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_dispute_of_the_same_phone_is_a_repeat_linked_to_the_first()
    {
        using var clerk = await app.LoginAsync("clerk");
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        JsonObject WithPhone()
        {
            var body = CaseRequests.Body(marker: Unique());
            body["parties"]![0]!["phone"] = phone;
            body["parties"]![0]!.AsObject().Remove("idNumber");
            return body;
        }

        var first = await clerk.RegisterCaseAsync(WithPhone());
        var second = await RegisterAndViewAsync(clerk, WithPhone());
        var flag = second["redFlags"]!.AsArray().Single(f => f!["kind"]!.GetValue<string>() == "Repeat")!;
        flag["linkedCaseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain(first);
        second["urgent"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_dispute_at_the_same_address_is_a_repeat_and_the_address_is_shown_masked()
    {
        using var clerk = await app.LoginAsync("clerk");
        var address = $"西苑小区{Random.Shared.Next(1, 99)}栋{Unique()}室";
        var a = CaseRequests.Body(marker: Unique());
        a["address"] = address;
        var first = await clerk.RegisterCaseAsync(a);
        var b = CaseRequests.Body(marker: Unique());
        b["address"] = " " + address.Replace("栋", " 栋", StringComparison.Ordinal) + " ";
        var second = await RegisterAndViewAsync(clerk, b);
        second["redFlags"]!.AsArray().ShouldContain(f => f!["kind"]!.GetValue<string>() == "Repeat"
            && f["linkedCaseCodes"]!.AsArray().Any(c => c!.GetValue<string>() == first));
        second["address"]!.GetValue<string>().ShouldEndWith("****");
        second["address"]!.GetValue<string>().ShouldNotContain(address[6..]);
    }

    [Fact]
    public async Task The_third_open_dispute_against_one_company_within_thirty_days_is_a_group_dispute()
    {
        using var clerk = await app.LoginAsync("clerk");
        var company = $"桐城某建筑工程有限公司{Unique()}";
        JsonObject Against()
        {
            var body = CaseRequests.Body(marker: Unique());
            body["parties"]![1]!["name"] = company;
            body["parties"]![0]!.AsObject().Remove("idNumber");
            body["parties"]![0]!.AsObject().Remove("phone");
            return body;
        }

        var one = await clerk.RegisterCaseAsync(Against());
        var two = await RegisterAndViewAsync(clerk, Against());
        two["redFlags"]!.AsArray().ShouldNotContain(f => f!["kind"]!.GetValue<string>() == "Group");
        var three = await RegisterAndViewAsync(clerk, Against());
        var group = three["redFlags"]!.AsArray().Single(f => f!["kind"]!.GetValue<string>() == "Group")!;
        group["linkedCaseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain(one);
    }

    [Fact]
    public async Task Five_applicants_are_a_group_dispute()
    {
        using var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Unique());
        var parties = body["parties"]!.AsArray();
        for (var i = 0; i < 4; i++)
        {
            parties.Add(new JsonObject { ["role"] = "applicant", ["kind"] = "person", ["name"] = $"工友{i}" });
        }

        var view = await RegisterAndViewAsync(clerk, body);
        view["redFlags"]!.AsArray().ShouldContain(f => f!["kind"]!.GetValue<string>() == "Group");
    }

    [Fact]
    public async Task The_suggestion_explains_itself_and_an_override_is_recorded_on_the_timeline_and_in_the_audit_log()
    {
        using var clerk = await app.LoginAsync("clerk");
        var narrative = $"业主反映小区物业公司收取物业费后不维修电梯，停车位也乱收费。{Unique()}";
        var suggest = await clerk.PostAsJsonAsync("/api/triage/suggest", new { narrative });
        suggest.StatusCode.ShouldBe(HttpStatusCode.OK);
        var s = (await suggest.ReadJsonAsync())!;
        s["categoryCode"]!.GetValue<string>().ShouldBe("07");
        s["evidence"]!.AsArray().ShouldNotBeEmpty();
        s["explain"]!.GetValue<string>().ShouldContain("物业");

        var body = CaseRequests.Body(narrative: narrative);
        body["categoryCode"] = "10"; // the clerk decides it is a consumer dispute
        var view = await RegisterAndViewAsync(clerk, body);
        view["suggestedCategoryCode"]!.GetValue<string>().ShouldBe("07");
        view["categoryCode"]!.GetValue<string>().ShouldBe("10");
        view["timeline"]!.AsArray().ShouldContain(e => e!["kind"]!.GetValue<string>() == "category_overridden"
            && e["text"]!.GetValue<string>().Contains("系统建议：物业", StringComparison.Ordinal));
        await using var db = app.SystemDb();
        var code = view["code"]!.GetValue<string>();
        (await db.AuditEntries.SingleAsync(a => a.EntityId == code && a.Action == "case.registered")).Changes.ShouldContain("\"suggestedCategoryCode\":\"07\"");
    }

    [Fact]
    public async Task A_repeat_in_another_subtree_is_not_linked_for_a_clerk_who_cannot_see_it()
    {
        var phone = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        JsonObject WithPhone(string village)
        {
            var body = CaseRequests.Body(village: village, marker: Unique());
            body["parties"]![0]!["phone"] = phone;
            body["parties"]![0]!.AsObject().Remove("idNumber");
            return body;
        }

        using var wenchang = await app.LoginAsync("clerk");
        await wenchang.RegisterCaseAsync(WithPhone(CaseRequests.XiyuanVillage));
        using var longmian = await app.LoginAsync("longmian.clerk");
        await using var db = app.SystemDb();
        var longmianVillage = await db.Regions.Where(r => r.ParentCode == "340881003" && r.Level == Concord.Domain.Regions.RegionLevel.Village)
            .OrderBy(r => r.Code).Select(r => r.Code).FirstAsync();
        var view = await RegisterAndViewAsync(longmian, WithPhone(longmianVillage));
        view["redFlags"]!.AsArray().ShouldNotContain(f => f!["kind"]!.GetValue<string>() == "Repeat");
    }
}

/// <summary>The risk rules come from configuration (section Concord:Risk).</summary>
[Collection(AppCollection.Name)]
public sealed class RiskRulesConfigurationTests(ConcordFactory app)
{
    [Fact]
    public async Task A_county_can_replace_the_extreme_words_lexicon_by_configuration()
    {
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Concord:Risk:ExtremeWords:0", "讨说法"));
        var clerk = configured.CreateClient();
        var login = await clerk.PostAsJsonAsync("/api/auth/login", new { userName = "clerk", password = Concord.Web.Demo.DemoUsers.Password });
        var token = (await login.ReadJsonAsync())!["accessToken"]!.GetValue<string>();
        clerk.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        JsonObject Body(string narrative)
        {
            var body = CaseRequests.Body(narrative: narrative + Guid.NewGuid().ToString("N")[..6]);
            body["parties"]![1]!["name"] = "某公司" + Guid.NewGuid().ToString("N")[..6];
            return body;
        }

        var custom = await clerk.RegisterCaseAsync(Body("申请人说一定要去讨说法。"));
        var standard = await clerk.RegisterCaseAsync(Body("丈夫扬言要搞出大事。"));
        (await (await clerk.GetAsync($"/api/cases/{custom}")).ReadJsonAsync())!["redFlags"]!.AsArray()
            .ShouldContain(f => f!["reason"]!.GetValue<string>().Contains("讨说法", StringComparison.Ordinal));
        (await (await clerk.GetAsync($"/api/cases/{standard}")).ReadJsonAsync())!["redFlags"]!.AsArray()
            .ShouldNotContain(f => f!["kind"]!.GetValue<string>() == "ExtremeWords");
    }
}
