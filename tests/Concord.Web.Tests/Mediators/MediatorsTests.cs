using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Web.Mediators;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Assign = Concord.Web.Mediators.AssignMediator.AssignMediator;

namespace Concord.Web.Tests.Mediators;

/// <summary>Suggestions, assignment, 回避 and expert invitations, through the API with the demo users of 文昌街道.</summary>
[Collection(AppCollection.Name)]
public sealed class MediatorsTests(ConcordFactory app)
{
    private const string TownCommittee = "340881002-TWH";

    /// <summary>A property dispute of 西苑, accepted by the clerk and routed to 文昌街道人民调解委员会 (or, when asked, only accepted).</summary>
    private async Task<(HttpClient Clerk, string Code)> CaseAsync(bool route = true)
    {
        var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await clerk.RegisterCaseAsync(body);
        (await clerk.PostAsync($"/api/cases/{code}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        if (route)
        {
            var proposal = await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync();
            var town = proposal["candidates"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == TownCommittee)!["id"]!.GetValue<long>();
            using var routed = await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "由街道调委会统一调处" });
            routed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await routed.Content.ReadAsStringAsync());
        }

        return (clerk, code);
    }

    private static async Task<JsonNode> SuggestionsAsync(HttpClient client, string code)
    {
        using var response = await client.GetAsync($"/api/cases/{code}/mediators/suggestions");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static long IdOf(JsonNode suggestions, string name) =>
        suggestions["ranked"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == name)!["mediatorId"]!.GetValue<long>();

    private static async Task<string> CodeOfAsync(HttpResponseMessage response) => (await response.ReadJsonAsync())["code"]!.GetValue<string>();

    private async Task<long> UnlinkedTownMediatorAsync(HttpClient clerk, string code) =>
        (await SuggestionsAsync(clerk, code))["ranked"]!.AsArray().First(s => s!["name"]!.GetValue<string>() != "吴德华")!["mediatorId"]!.GetValue<long>();

    [Fact]
    public void Ranking_prefers_the_category_then_gold_for_serious_risk_then_fewer_open_cases_and_says_why()
    {
        var c = new Concord.Web.Cases.Case { Code = "340881-2026-000001", RegionCode = CaseRequests.XiyuanVillage, VillageCode = CaseRequests.XiyuanVillage, CategoryCode = "07", Summary = "s", Narrative = "n", RiskLevel = RiskLevel.Major };
        Mediator M(long id, string categories, bool gold) => new() { Id = id, RegionCode = "340881002", Name = $"调解员{id}", CategoryCodes = categories, Gold = gold };
        var none = new Dictionary<long, bool>();
        var expert = Assign.Handler.Rank(M(1, "02,07", gold: true), c, "文昌街道人民调解委员会", 3, none);
        var busy = Assign.Handler.Rank(M(2, "07", gold: false), c, "文昌街道人民调解委员会", 6, none);
        var other = Assign.Handler.Rank(M(3, "01", gold: false), c, "文昌街道人民调解委员会", 0, none);

        expert.Why.ShouldBe("擅长物业纠纷；在办 3 件；金牌调解员，适合较大风险案件");
        busy.Why.ShouldBe("擅长物业纠纷；在办 6 件");
        other.Why.ShouldBe("未登记擅长物业纠纷；在办 0 件");
        new[] { other, busy, expert }.OrderByDescending(s => s.Score).Select(s => s.MediatorId).ShouldBe([1L, 2L, 3L]);

        c.RiskLevel = RiskLevel.General;
        var ordinary = Assign.Handler.Rank(M(1, "02,07", gold: true), c, "文昌街道人民调解委员会", 3, none);
        ordinary.Why.ShouldBe("擅长物业纠纷；在办 3 件；金牌调解员");
        ordinary.Score.ShouldBe(expert.Score - Assign.GoldForSeriousRiskPoints);
    }

    [Fact]
    public async Task Suggestions_come_from_the_lead_organisation_ranked_by_score_each_with_its_reasons()
    {
        var (clerk, code) = await CaseAsync();
        var suggestions = await SuggestionsAsync(clerk, code);
        suggestions["orgUnits"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["文昌街道人民调解委员会"]);
        var ranked = suggestions["ranked"]!.AsArray();
        ranked.Count.ShouldBeGreaterThanOrEqualTo(2);
        ranked.ShouldAllBe(s => s!["orgName"]!.GetValue<string>() == "文昌街道人民调解委员会");
        var scores = ranked.Select(s => s!["score"]!.GetValue<int>()).ToList();
        scores.ShouldBe(scores.OrderByDescending(x => x).ToList());
        ranked.ShouldAllBe(s => s!["why"]!.GetValue<string>().Contains("在办 "));

        // 吴德华 (the demo mediator) handles property disputes and is 金牌.
        var wu = ranked.Single(s => s!["name"]!.GetValue<string>() == "吴德华")!;
        wu["why"]!.GetValue<string>().ShouldStartWith("擅长物业纠纷；在办 ");
        wu["why"]!.GetValue<string>().ShouldContain("金牌调解员");
    }

    [Fact]
    public async Task Before_routing_the_committees_of_the_village_town_and_county_are_suggested()
    {
        var (clerk, code) = await CaseAsync(route: false);
        var units = (await SuggestionsAsync(clerk, code))["orgUnits"]!.AsArray().Select(o => o!.GetValue<string>()).ToList();
        units.ShouldContain("西苑社区人民调解委员会");
        units.ShouldContain("文昌街道人民调解委员会");
        units.ShouldContain("桐城市物业纠纷人民调解委员会");
        units.ShouldNotContain(u => u.Contains("龙眠", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Assigning_writes_the_assignment_a_timeline_line_and_an_audit_entry_and_raises_the_workload()
    {
        var (clerk, code) = await CaseAsync();
        var before = await SuggestionsAsync(clerk, code);
        var wu = IdOf(before, "吴德华");
        var openBefore = before["ranked"]!.AsArray().Single(s => s!["mediatorId"]!.GetValue<long>() == wu)!["openCases"]!.GetValue<int>();

        using var assigned = await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = wu, primary = true });
        assigned.StatusCode.ShouldBe(HttpStatusCode.NoContent, await assigned.Content.ReadAsStringAsync());

        var view = await (await clerk.GetAsync($"/api/cases/{code}")).ReadJsonAsync();
        view["timeline"]!.AsArray().Last()!["text"]!.GetValue<string>().ShouldBe("指派吴德华为主调解员");
        await using (var db = app.SystemDb())
        {
            var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
            (await db.CaseMediators.SingleAsync(a => a.CaseId == caseId)).Primary.ShouldBeTrue();
            (await db.AuditEntries.CountAsync(a => a.EntityId == code && a.Action == "case.mediator_assigned")).ShouldBe(1);
        }

        var (_, other) = await CaseAsync();
        var after = await SuggestionsAsync(clerk, other);
        after["ranked"]!.AsArray().Single(s => s!["mediatorId"]!.GetValue<long>() == wu)!["openCases"]!.GetValue<int>().ShouldBe(openBefore + 1);

        using var again = await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = wu, primary = false });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOfAsync(again)).ShouldBe("mediator_already_assigned");
    }

    [Fact]
    public async Task A_new_primary_mediator_makes_the_previous_one_assisting()
    {
        var (clerk, code) = await CaseAsync();
        var ranked = (await SuggestionsAsync(clerk, code))["ranked"]!.AsArray().Select(s => s!["mediatorId"]!.GetValue<long>()).Take(2).ToList();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = ranked[0], primary = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = ranked[1], primary = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var now = (await SuggestionsAsync(clerk, code))["ranked"]!.AsArray();
        now.Where(s => s!["primary"]!.GetValue<bool>()).Select(s => s!["mediatorId"]!.GetValue<long>()).ShouldBe([ranked[1]]);
        now.Count(s => s!["assigned"]!.GetValue<bool>()).ShouldBe(2);
    }

    [Fact]
    public async Task A_declared_conflict_of_interest_removes_the_mediator_and_blocks_assigning_them()
    {
        var (clerk, code) = await CaseAsync();
        var mediator = await UnlinkedTownMediatorAsync(clerk, code);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var noReason = await clerk.PostAsJsonAsync($"/api/cases/{code}/conflicts", new { mediatorId = mediator, reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadJsonAsync())["errors"]!["reason"].ShouldNotBeNull();

        using var declared = await clerk.PostAsJsonAsync($"/api/cases/{code}/conflicts", new { mediatorId = mediator, reason = "与申请人系表兄弟" });
        declared.StatusCode.ShouldBe(HttpStatusCode.NoContent, await declared.Content.ReadAsStringAsync());

        var suggestions = await SuggestionsAsync(clerk, code);
        suggestions["ranked"]!.AsArray().ShouldNotContain(s => s!["mediatorId"]!.GetValue<long>() == mediator);
        var excluded = suggestions["excluded"]!.AsArray().ShouldHaveSingleItem()!;
        excluded["mediatorId"]!.GetValue<long>().ShouldBe(mediator);
        excluded["reason"]!.GetValue<string>().ShouldBe("已申报回避");
        excluded["declaredReason"]!.GetValue<string>().ShouldBe("与申请人系表兄弟");

        using var refused = await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadJsonAsync();
        problem["code"]!.GetValue<string>().ShouldBe("conflict_of_interest");
        problem["title"]!.GetValue<string>().ShouldContain("与申请人系表兄弟");

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.CaseMediators.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
        (await db.CaseEvents.Where(e => e.CaseId == caseId && e.Kind == "conflict_declared").Select(e => e.Text).SingleAsync()).ShouldContain("已不再担任本案调解员");
        (await db.AuditEntries.CountAsync(a => a.EntityId == code && a.Action == "case.conflict_declared")).ShouldBe(1);
    }

    [Fact]
    public async Task Mediators_are_assigned_only_while_the_case_is_routed_or_being_mediated()
    {
        var (clerk, code) = await CaseAsync(route: false);
        var mediator = await UnlinkedTownMediatorAsync(clerk, code);
        using var response = await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOfAsync(response)).ShouldBe("action_not_allowed_in_state");
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.CaseMediators.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_mediator_of_another_committee_is_refused()
    {
        var (clerk, code) = await CaseAsync();
        using var response = await clerk.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = 999999, primary = true });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["mediatorId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_clerk_of_another_town_gets_404_and_nothing_is_written()
    {
        var (clerk, code) = await CaseAsync();
        var mediator = await UnlinkedTownMediatorAsync(clerk, code);
        using var other = await app.LoginAsync("longmian.clerk");
        (await other.GetAsync($"/api/cases/{code}/mediators/suggestions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{code}/conflicts", new { mediatorId = mediator, reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{code}/experts", new { expertId = 1, purpose = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.CaseMediators.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
        (await db.ConflictDeclarations.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
        (await db.CaseExperts.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task Grid_staff_may_not_staff_cases_and_a_mediator_only_those_of_their_own_committee()
    {
        var (clerk, code) = await CaseAsync();
        var mediator = await UnlinkedTownMediatorAsync(clerk, code);
        using var leader = await app.LoginAsync("gridleader");
        (await leader.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Routed to the village committee: the town committee's mediator may not staff it.
        var (_, villageCase) = await CaseAsync(route: false);
        var proposal = await (await clerk.GetAsync($"/api/cases/{villageCase}/routing")).ReadJsonAsync();
        (await clerk.PostAsJsonAsync($"/api/cases/{villageCase}/route", new { orgUnitId = proposal["orgUnit"]!["id"]!.GetValue<long>() })).EnsureSuccessStatusCode();
        var villageMediator = (await SuggestionsAsync(clerk, villageCase))["ranked"]!.AsArray()[0]!["mediatorId"]!.GetValue<long>();
        using var townMediator = await app.LoginAsync("mediator");
        using var refused = await townMediator.PostAsJsonAsync($"/api/cases/{villageCase}/mediators", new { mediatorId = villageMediator, primary = true });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOfAsync(refused)).ShouldBe("not_the_lead_organisation");

        (await townMediator.PostAsJsonAsync($"/api/cases/{code}/mediators", new { mediatorId = mediator, primary = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Inviting_an_expert_of_the_county_pool_is_recorded_once()
    {
        var (clerk, code) = await CaseAsync();
        var experts = (await (await clerk.GetAsync("/api/experts")).ReadJsonAsync()).AsArray();
        var judge = experts.First(e => e!["kind"]!.GetValue<string>() == "法官")!;
        judge["organisation"]!.GetValue<string>().ShouldBe("桐城市人民法院");
        experts.ShouldContain(e => e!["kind"]!.GetValue<string>() == "律师");
        experts.ShouldContain(e => e!["kind"]!.GetValue<string>() == "心理咨询师");
        var id = judge["id"]!.GetValue<long>();

        using var invited = await clerk.PostAsJsonAsync($"/api/cases/{code}/experts", new { expertId = id, purpose = "就物业服务合同提供法律意见" });
        invited.StatusCode.ShouldBe(HttpStatusCode.NoContent, await invited.Content.ReadAsStringAsync());
        var view = await (await clerk.GetAsync($"/api/cases/{code}")).ReadJsonAsync();
        view["timeline"]!.AsArray().Last()!["text"]!.GetValue<string>().ShouldContain("就物业服务合同提供法律意见");

        using var again = await clerk.PostAsJsonAsync($"/api/cases/{code}/experts", new { expertId = id, purpose = "再次" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOfAsync(again)).ShouldBe("expert_already_invited");
    }

    [Fact]
    public async Task The_registry_lists_the_mediators_of_the_users_subtree_with_open_cases()
    {
        using var clerk = await app.LoginAsync("clerk");
        var town = await (await clerk.GetAsync("/api/mediators")).ReadJsonAsync();
        var items = town["items"]!.AsArray();
        items.ShouldContain(m => m!["name"]!.GetValue<string>() == "吴德华" && m["gold"]!.GetValue<bool>() && m["hasLogin"]!.GetValue<bool>());
        items.ShouldAllBe(m => m!["openCases"]!.GetValue<int>() >= 0);
        items.ShouldNotContain(m => m!["orgName"]!.GetValue<string>().StartsWith("桐城市", StringComparison.Ordinal)); // county committees are above 文昌街道

        using var county = await app.LoginAsync("county.clerk");
        var all = (await (await county.GetAsync("/api/mediators")).ReadJsonAsync())["items"]!.AsArray();
        all.Count.ShouldBeGreaterThan(items.Count);
        all.ShouldContain(m => m!["orgName"]!.GetValue<string>() == "桐城市物业纠纷人民调解委员会");

        var property = (await (await county.GetAsync("/api/mediators?categoryCode=07&gold=true")).ReadJsonAsync())["items"]!.AsArray();
        property.ShouldNotBeEmpty();
        property.ShouldAllBe(m => m!["gold"]!.GetValue<bool>() && m["categories"]!.AsArray().Any(c => c!.GetValue<string>() == "物业"));
    }

    [Fact]
    public async Task The_case_mediators_page_shows_suggestions_with_reasons_and_assigns_through_the_form()
    {
        var (clerk, code) = await CaseAsync();
        var mediator = await UnlinkedTownMediatorAsync(clerk, code);
        using var page = await PageClient.LoginAsync(app, "clerk");
        var html = await page.GetStringAsync($"/cases/{code}/mediators");
        html.ShouldContain("data-testid=\"suggestion-table\"");
        html.ShouldContain("擅长物业纠纷");
        html.ShouldContain("申报回避");

        var token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}/mediators");
        using var posted = await page.PostAsync($"/cases/{code}/mediators?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["MediatorId"] = mediator.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Primary"] = "true",
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.CaseMediators.SingleAsync(a => a.CaseId == caseId)).MediatorId.ShouldBe(mediator);
    }

    [Fact]
    public async Task The_case_mediators_page_of_another_towns_case_is_404()
    {
        var (_, code) = await CaseAsync();
        using var page = await PageClient.LoginAsync(app, "longmian.clerk");
        (await page.GetAsync($"/cases/{code}/mediators")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_registry_page_shows_gold_badges_and_the_expert_pool()
    {
        using var page = await PageClient.LoginAsync(app, "county.clerk");
        var html = await page.GetStringAsync("/mediators?categoryCode=07");
        html.ShouldContain("data-testid=\"mediator-table\"");
        html.ShouldContain("<span class=\"badge text-bg-warning\">金牌</span>");
        html.ShouldContain("桐城市人民法院");
    }
}
