using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Routing;

/// <summary>受理 → 分流 → 接收 / 退回, through the API with the demo users of 文昌街道.</summary>
[Collection(AppCollection.Name)]
public sealed class RoutingTests(ConcordFactory app)
{
    private async Task<(HttpClient Clerk, string Code)> AcceptedCaseAsync()
    {
        var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await clerk.RegisterCaseAsync(body);
        (await clerk.PostAsync($"/api/cases/{code}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return (clerk, code);
    }

    private static async Task<JsonNode> ViewAsync(HttpClient client, string code) => (await (await client.GetAsync($"/api/cases/{code}")).ReadJsonAsync())!;

    private static async Task<long> TownCommitteeAsync(HttpClient clerk, string code)
    {
        var proposal = (await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync())!;
        return proposal["candidates"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == "340881002-TWH")!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task The_routing_table_proposes_the_village_committee_for_an_ordinary_property_dispute_and_explains_why()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var proposal = (await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync())!;
        proposal["handler"]!.GetValue<string>().ShouldBe("VillageCommittee");
        proposal["orgUnit"]!["code"]!.GetValue<string>().ShouldBe("340881002003-TWH");
        proposal["why"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        proposal["candidates"]!.AsArray().ShouldAllBe(o => !o!["code"]!.GetValue<string>().StartsWith("340881003", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overriding_the_proposal_needs_a_reason_and_the_reason_is_kept()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var town = await TownCommitteeAsync(clerk, code);
        var refused = await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadJsonAsync())["errors"]!["overrideReason"].ShouldNotBeNull();
        (await ViewAsync(clerk, code))["status"]!.GetValue<string>().ShouldBe("Accepted");

        var routed = await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "涉及多个社区，由街道调委会统一调处" });
        routed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await routed.Content.ReadAsStringAsync());
        var view = await ViewAsync(clerk, code);
        view["status"]!.GetValue<string>().ShouldBe("Routed");
        view["timeline"]!.AsArray().Last()!["text"]!.GetValue<string>().ShouldContain("改派理由：涉及多个社区");
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.CaseAssignments.SingleAsync(a => a.CaseId == caseId)).OverrideReason.ShouldBe("涉及多个社区，由街道调委会统一调处");
    }

    [Fact]
    public async Task The_receiving_committee_accepts_and_mediation_starts_with_a_thirty_day_deadline()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var town = await TownCommitteeAsync(clerk, code);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "街道统一调处" })).EnsureSuccessStatusCode();
        using var mediator = await app.LoginAsync("mediator");
        var inbox = await app.SystemDb().Notifications.Where(n => n.CaseCode == code && n.OrgUnitId == town).ToListAsync();
        inbox.ShouldHaveSingleItem().Kind.ShouldBe("case_routed");

        (await mediator.PostAsync($"/api/cases/{code}/assignment/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var view = await ViewAsync(mediator, code);
        view["status"]!.GetValue<string>().ShouldBe("Mediating");
        var deadlines = view["deadlines"]!.AsArray();
        deadlines.ShouldContain(d => d!["stage"]!.GetValue<string>() == "Mediation" && !d["met"]!.GetValue<bool>());
        deadlines.Where(d => d!["stage"]!.GetValue<string>() == "Acceptance").ShouldAllBe(d => d!["met"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_the_organisation_the_case_was_routed_to_may_accept_it()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var proposal = (await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync())!;
        var village = proposal["orgUnit"]!["id"]!.GetValue<long>();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = village })).EnsureSuccessStatusCode();
        using var mediator = await app.LoginAsync("mediator"); // the town committee, not the village one
        var response = await mediator.PostAsync($"/api/cases/{code}/assignment/accept", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("not_the_receiving_organisation");
        (await ViewAsync(clerk, code))["status"]!.GetValue<string>().ShouldBe("Routed");
    }

    [Fact]
    public async Task Returning_a_case_sends_it_back_to_the_centre_and_after_two_returns_only_the_leader_may_route()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var town = await TownCommitteeAsync(clerk, code);
        using var mediator = await app.LoginAsync("mediator");
        for (var i = 1; i <= 2; i++)
        {
            (await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "街道统一调处" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            var noReason = await mediator.PostAsJsonAsync($"/api/cases/{code}/assignment/return", new { reason = " " });
            noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await mediator.PostAsJsonAsync($"/api/cases/{code}/assignment/return", new { reason = $"不属于本委员会受理范围（第{i}次）" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            var view = await ViewAsync(clerk, code);
            view["status"]!.GetValue<string>().ShouldBe("Returned");
        }

        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Code == code);
            c.ReturnCount.ShouldBe(2);
            c.LeadOrgUnitId.ShouldBeNull();
            (await db.Notifications.CountAsync(n => n.CaseCode == code && n.Kind == "case_returned" && n.OrgUnitId == c.ReceivingOrgUnitId)).ShouldBe(2);
        }

        var refused = await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "再试一次" });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("leader_must_decide");

        using var leader = await app.LoginAsync("supervisor");
        (await leader.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "领导决定由街道调委会承办" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ViewAsync(clerk, code))["status"]!.GetValue<string>().ShouldBe("Routed");
    }

    [Fact]
    public async Task A_move_the_table_does_not_allow_is_refused_with_a_named_error_and_changes_nothing()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var again = await clerk.PostAsync($"/api/cases/{code}/accept", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("action_not_allowed_in_state");
        using var worker = await app.LoginAsync("gridleader"); // sees 西苑, but a grid leader does not withdraw cases
        var notTheirs = await worker.PostAsJsonAsync($"/api/cases/{code}/withdraw", new { reason = "x" });
        notTheirs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ViewAsync(clerk, code))["status"]!.GetValue<string>().ShouldBe("Accepted");
    }

    [Fact]
    public async Task Joint_handling_records_a_lead_and_assisting_organisations()
    {
        var (clerk, code) = await AcceptedCaseAsync();
        var proposal = (await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync())!;
        var candidates = proposal["candidates"]!.AsArray();
        var lead = proposal["orgUnit"]!["id"]!.GetValue<long>();
        var court = candidates.Single(o => o!["code"]!.GetValue<string>() == "340881-FY")!["id"]!.GetValue<long>();
        var police = candidates.Single(o => o!["code"]!.GetValue<string>() == "340881-GA")!["id"]!.GetValue<long>();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = lead, assistingOrgUnitIds = new[] { court, police } })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = app.SystemDb();
        var id = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        var roles = await db.CaseAssignments.Where(a => a.CaseId == id).Select(a => new { a.OrgUnitId, a.Role }).ToListAsync();
        roles.Count.ShouldBe(3);
        roles.Single(r => r.OrgUnitId == lead).Role.ShouldBe(Concord.Web.Routing.AssignmentRole.Lead);
        roles.Where(r => r.OrgUnitId != lead).ShouldAllBe(r => r.Role == Concord.Web.Routing.AssignmentRole.Assisting);
    }
}
