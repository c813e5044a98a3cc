using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Story;

/// <summary>
/// The seed story, end to end through the API with the demo users of 桐城市: a grid worker
/// hears a husband threaten to "搞出大事" → red flag, same-day deadline → accepted and routed →
/// mediated in six steps → agreement → 司法确认 applied and confirmed → follow-up performed →
/// both parties rate 满意 → closed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SeedStoryTests(ConcordFactory app)
{
    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        ((int)response.StatusCode).ShouldBeInRange(200, 299, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> Json(HttpClient client, string url) => (await (await client.GetAsync(url)).ReadJsonAsync())!;

    [Fact]
    public async Task The_threat_reported_by_a_grid_worker_is_mediated_to_a_confirmed_agreement_and_closed_with_both_parties_satisfied()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var body = CaseRequests.Body(grid: CaseRequests.XiyuanGrid,
            summary: "夫妻矛盾激化",
            narrative: $"网格员走访时听到丈夫陈某扬言，如果妻子坚持离婚就要搞出大事，妻子刘某很害怕。{Guid.NewGuid():N}");
        body["channel"] = "grid";
        body["categoryCode"] = "01";
        body["amountFen"] = null;
        body["parties"] = new JsonArray
        {
            new JsonObject { ["role"] = "applicant", ["kind"] = "person", ["name"] = "刘芳", ["phone"] = "13912340001" },
            new JsonObject { ["role"] = "respondent", ["kind"] = "person", ["name"] = "陈强", ["phone"] = "13912340002" },
        };
        var code = await worker.RegisterCaseAsync(body);

        // Red flag, duty list, same-day deadline.
        using var clerk = await app.LoginAsync("clerk");
        var view = await Json(clerk, $"/api/cases/{code}");
        view["urgent"]!.GetValue<bool>().ShouldBeTrue();
        view["redFlags"]!.AsArray().ShouldContain(f => f!["reason"]!.GetValue<string>().Contains("搞出大事", StringComparison.Ordinal));
        view["deadlines"]!.AsArray().ShouldContain(d => d!["stage"]!.GetValue<string>() == "SameDay");
        (await Json(clerk, "/api/duty")).AsArray().ShouldContain(i => i!["code"]!.GetValue<string>() == code);

        // Accepted and routed to the 文昌街道 committee.
        await Ok(clerk.PostAsync($"/api/cases/{code}/accept", null));
        var proposal = await Json(clerk, $"/api/cases/{code}/routing");
        var town = proposal["candidates"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == "340881002-TWH")!["id"]!.GetValue<long>();
        var proposed = proposal["orgUnit"]?["id"]?.GetValue<long>();
        await Ok(clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = proposed == town ? null : "红色预警，由街道调委会当日调处" }));

        // The committee accepts; the mediator works the six steps in one session.
        using var mediator = await app.LoginAsync("mediator");
        await Ok(mediator.PostAsync($"/api/cases/{code}/assignment/accept", null));
        (await Json(mediator, $"/api/cases/{code}"))["status"]!.GetValue<string>().ShouldBe("Mediating");
        var session = await (await mediator.PostAsJsonAsync($"/api/cases/{code}/sessions",
            new { startsAt = DateTimeOffset.UtcNow.AddHours(1), online = false, place = "文昌街道调解室", attendees = "刘芳、陈强、吴德华" })).ReadJsonAsync();
        var sessionId = session!["id"]!.GetValue<long>();
        foreach (var step in new[] { "listen", "discern", "persuade", "cite", "concede", "reconcile" })
        {
            await Ok(mediator.PostAsJsonAsync($"/api/cases/{code}/sessions/{sessionId}/steps/{step}", new { notes = $"{step}：已记录" }));
        }

        var sessions = await Json(mediator, $"/api/cases/{code}/sessions");
        sessions.AsArray().ShouldHaveSingleItem()!["stepsCompleted"]!.GetValue<int>().ShouldBe(6);

        // The agreement, signed by both, takes effect.
        await Ok(mediator.PutAsJsonAsync($"/api/cases/{code}/agreement", new
        {
            parties = new[] { new { name = "刘芳", role = "applicant" }, new { name = "陈强", role = "respondent" } },
            facts = "双方因离婚问题发生争执，陈强曾扬言“搞出大事”。",
            disputedItems = "是否离婚、子女抚养及共同财产分割。",
            responsibility = "陈强言语过激，应向刘芳道歉并保证不再以言语威胁。",
            terms = new[] { "陈强当面向刘芳道歉并书面保证不再威胁。", "双方冷静三个月后再协商婚姻问题。" },
            performanceMethod = "当面道歉并签署书面保证",
            performancePlace = "文昌街道调解室",
            performanceDeadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd"),
            verbal = false,
        }));
        var agreement = await Json(mediator, $"/api/cases/{code}/agreement");
        foreach (var signature in agreement["signatures"]!.AsArray())
        {
            await Ok(mediator.PostAsJsonAsync($"/api/cases/{code}/agreement/signatures/{signature!["id"]!.GetValue<long>()}/sign", new { method = "onsite" }));
        }

        await Ok(mediator.PostAsync($"/api/cases/{code}/agreement/finalise", null));
        (await Json(mediator, $"/api/cases/{code}"))["status"]!.GetValue<string>().ShouldBe("Agreed");

        // 司法确认: applied within the window, accepted, confirmed.
        await Ok(mediator.PostAsJsonAsync($"/api/cases/{code}/judicial-confirmation", new { court = "桐城市人民法院" }));
        var confirmation = await Json(mediator, $"/api/cases/{code}/judicial-confirmation");
        confirmation["daysLeftToApply"]!.GetValue<int>().ShouldBeInRange(29, 30);
        await Ok(mediator.PostAsync($"/api/cases/{code}/judicial-confirmation/accepted", null));
        await Ok(mediator.PostAsJsonAsync($"/api/cases/{code}/judicial-confirmation/outcome",
            new { outcome = "confirmed", performanceDeadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd") }));
        (await Json(mediator, $"/api/cases/{code}"))["status"]!.GetValue<string>().ShouldBe("FollowUp");

        // Follow-up: performed; both parties rate 满意 through their links, without logging in.
        await Ok(mediator.PostAsJsonAsync($"/api/cases/{code}/follow-up", new { performed = true, notes = "陈强已道歉并签署保证书" }));
        await using (var db = app.SystemDb())
        {
            var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
            using var anonymous = app.CreateClient();
            foreach (var token in await db.RatingRequests.Where(r => r.CaseId == caseId).Select(r => r.Token).ToListAsync())
            {
                await Ok(anonymous.PostAsJsonAsync($"/api/public/ratings/{token}", new { rating = "satisfied" }));
            }
        }

        // The case file, then closing.
        foreach (var item in new[] { "Application", "RightsNotice", "IdentityProof", "MediationRecord", "AgreementOrResult", "BackCover" })
        {
            await Ok(clerk.PostAsJsonAsync($"/api/cases/{code}/case-file/{item}", new { note = "已归档" }));
        }

        await Ok(clerk.PostAsync($"/api/cases/{code}/close", null));
        var closed = await Json(clerk, $"/api/cases/{code}");
        closed["status"]!.GetValue<string>().ShouldBe("Closed");
        closed["onDutyList"]!.GetValue<bool>().ShouldBeFalse();
        var kinds = closed["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        foreach (var kind in new[] { "registered", "red_flag", "Accept", "Route", "AcceptAssignment", "RecordAgreement", "ApplyJudicialConfirmation", "RecordConfirmed", "RecordPerformed", "rated", "Close" })
        {
            kinds.ShouldContain(kind);
        }

        var verify = await Json(await app.LoginAsync("auditadmin"), "/api/audit/verify");
        verify["intact"]!.GetValue<bool>().ShouldBeTrue();
    }
}
