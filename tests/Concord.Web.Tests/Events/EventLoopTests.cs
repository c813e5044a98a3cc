using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Events;
using Concord.Web.Events.ReportEvent;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Events;

/// <summary>The whole loop through the API: 办小事 in the grid, 报大事 to the centre, 大联勤 to a department and back.</summary>
[Collection(AppCollection.Name)]
public sealed class EventLoopTests(ConcordFactory app)
{
    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static async Task PostOkAsync(HttpClient client, string url, object? body = null)
    {
        using var response = await client.PostAsync(url, Json(body ?? new { }));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, $"{url}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> StatusAsync(HttpClient client, string code) => (await client.GetEventAsync(code))["status"]!.GetValue<string>();

    private async Task<long> DepartmentIdAsync(string orgCode)
    {
        await using var db = app.SystemDb();
        return await db.OrgUnits.Where(o => o.Code == orgCode).Select(o => o.Id).SingleAsync();
    }

    /// <summary>
    /// The event row carries its running stage's deadline (<c>DueAt</c>, what task lists sort and
    /// count overdue by) — the same instant as the deadline row — or null when no stage runs.
    /// </summary>
    private async Task ShouldCarryItsRunningDeadlineAsync(string code, bool running)
    {
        await using var db = app.SystemDb();
        var e = await db.GridEvents.AsNoTracking().SingleAsync(x => x.Code == code);
        var open = await db.EventDeadlines.AsNoTracking().Where(d => d.EventId == e.Id && d.MetAt == null).Select(d => d.DueAt).ToListAsync();
        open.Count.ShouldBe(running ? 1 : 0, code);
        e.DueAt.ShouldBe(running ? open[0] : null, code);
    }

    [Fact]
    public async Task An_escalated_event_goes_to_a_department_with_a_deadline_comes_back_is_verified_closed_and_rated()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var clerk = await app.LoginAsync("clerk");
        using var department = await app.LoginAsync("department");
        var code = await worker.ReportEventAsync();
        await ShouldCarryItsRunningDeadlineAsync(code, running: true);

        await PostOkAsync(worker, $"/api/events/{code}/escalate", new { note = "井盖需更换，网格无法处置" });
        (await StatusAsync(clerk, code)).ShouldBe("Escalated");
        await ShouldCarryItsRunningDeadlineAsync(code, running: true);
        var escalated = await clerk.GetFromJsonAsync<JsonNode>("/api/events?status=Escalated&pageSize=100");
        escalated!["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldContain(code);

        // The taxonomy suggests the department: 井盖缺失 → 住房和城乡建设局.
        var options = (await clerk.GetFromJsonAsync<JsonArray>($"/api/events/{code}/departments"))!;
        var suggested = options.First(o => o!["suggested"]!.GetValue<bool>())!;
        suggested["name"]!.GetValue<string>().ShouldBe("桐城市住房和城乡建设局");
        var zj = await DepartmentIdAsync("340881-ZJ");
        suggested["id"]!.GetValue<long>().ShouldBe(zj);

        await PostOkAsync(clerk, $"/api/events/{code}/dispatch", new { departmentOrgUnitId = zj, note = "请三日内更换井盖" });
        var dispatched = await department.GetEventAsync(code);
        dispatched["status"]!.GetValue<string>().ShouldBe("Dispatched");
        dispatched["departmentName"]!.GetValue<string>().ShouldBe("桐城市住房和城乡建设局");
        var disposal = dispatched["deadlines"]!.AsArray().Single(d => d!["metAt"] is null)!;
        disposal["stage"]!.GetValue<string>().ShouldBe("disposal");
        await ShouldCarryItsRunningDeadlineAsync(code, running: true);
        dispatched["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ShouldBe(["Reply", "ReturnToCentre"], ignoreOrder: true);
        var inbox = await department.GetFromJsonAsync<JsonNode>("/api/events?status=Dispatched&pageSize=100");
        inbox!["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldContain(code);

        await PostOkAsync(department, $"/api/events/{code}/reply", new { text = "已更换新井盖。", photos = new JsonArray { EventRequests.Photo() } });
        await ShouldCarryItsRunningDeadlineAsync(code, running: true);
        await PostOkAsync(clerk, $"/api/events/{code}/reply/reject", new { reason = "照片看不清井盖编号" });
        (await StatusAsync(department, code)).ShouldBe("Dispatched");
        await ShouldCarryItsRunningDeadlineAsync(code, running: true);
        await PostOkAsync(department, $"/api/events/{code}/reply", new { text = "已更换新井盖，补拍编号照片。", photos = new JsonArray { EventRequests.Photo() } });
        await PostOkAsync(clerk, $"/api/events/{code}/reply/accept");
        (await StatusAsync(clerk, code)).ShouldBe("Closed");
        await ShouldCarryItsRunningDeadlineAsync(code, running: false);

        await PostOkAsync(worker, $"/api/events/{code}/rate", new { rating = "dissatisfied", comment = "井盖与路面不平" });
        var done = await worker.GetEventAsync(code);
        done["status"]!.GetValue<string>().ShouldBe("Rated");
        done["ratingLabel"]!.GetValue<string>().ShouldBe("不满意");
        done["photos"]!.AsArray().Count(p => p!["purpose"]!.GetValue<string>() == "Reply").ShouldBe(2);
        done["deadlines"]!.AsArray().ShouldAllBe(d => d!["metAt"] != null);
        done["timeline"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>())
            .ShouldBe(["reported", "Escalate", "Dispatch", "Reply", "RejectReply", "Reply", "AcceptReply", "Rate"]);

        await using var db = app.SystemDb();
        (await db.Notifications.CountAsync(n => n.CaseCode == code && n.Kind == "event.dispatched" && n.OrgUnitId == zj)).ShouldBe(1);
        (await db.Notifications.CountAsync(n => n.CaseCode == code && n.Kind == "event.closed")).ShouldBe(1);
        var wenchang = await db.OrgUnits.Where(o => o.Code == "340881002-ZZZX").Select(o => o.Id).SingleAsync();
        (await db.Notifications.CountAsync(n => n.CaseCode == code && n.Kind == "event.dissatisfied" && n.OrgUnitId == wenchang)).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.EntityId == code)).ShouldBe(8);
    }

    [Fact]
    public async Task The_grid_handles_a_small_thing_with_a_proof_photo_and_the_grid_leader_verifies_it()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var leader = await app.LoginAsync("gridleader");
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "010101", text: "西苑路口暴露垃圾一堆"));

        using (var noPhoto = await worker.PostAsync($"/api/events/{code}/handle", Json(new { note = "已清理" })))
        {
            noPhoto.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await noPhoto.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("proof_photo_required");
        }

        (await StatusAsync(worker, code)).ShouldBe("Reported");
        await PostOkAsync(worker, $"/api/events/{code}/handle", new { note = "已联系保洁清理", photos = new JsonArray { EventRequests.Photo() } });
        (await StatusAsync(leader, code)).ShouldBe("HandledInGrid");
        await PostOkAsync(leader, $"/api/events/{code}/handling/reject", new { reason = "现场仍有残留" });
        (await StatusAsync(worker, code)).ShouldBe("Reported");
        await PostOkAsync(worker, $"/api/events/{code}/handle", new { note = "已彻底清理", photos = new JsonArray { EventRequests.Photo() } });
        await PostOkAsync(leader, $"/api/events/{code}/handling/accept");
        var e = await worker.GetEventAsync(code);
        e["status"]!.GetValue<string>().ShouldBe("Closed");
        e["photos"]!.AsArray().Count(p => p!["purpose"]!.GetValue<string>() == "Proof").ShouldBe(2);
    }

    [Theory]
    [InlineData("clerk", "dispatch")]
    [InlineData("clerk", "reply/accept")]
    [InlineData("clerk", "handling/accept")]
    [InlineData("xiyuan.gridworker", "rate")]
    public async Task A_move_the_state_does_not_allow_is_409_and_changes_nothing(string user, string move)
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync();
        using var client = await app.LoginAsync(user);
        using var response = await client.PostAsync($"/api/events/{code}/{move}", Json(new { departmentOrgUnitId = await DepartmentIdAsync("340881-ZJ"), rating = "satisfied", reason = "x" }));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("action_not_allowed_in_state");
        (await StatusAsync(worker, code)).ShouldBe("Reported");
    }

    [Fact]
    public async Task A_role_outside_the_row_is_403_and_a_department_that_was_not_given_the_event_cannot_find_it()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var clerk = await app.LoginAsync("clerk");
        using var department = await app.LoginAsync("department");
        var code = await worker.ReportEventAsync();
        await PostOkAsync(worker, $"/api/events/{code}/escalate");
        using (var self = await worker.PostAsync($"/api/events/{code}/dispatch", Json(new { departmentOrgUnitId = await DepartmentIdAsync("340881-ZJ") })))
        {
            self.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await department.PostAsync($"/api/events/{code}/reply", Json(new { text = "x" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Dispatched to another bureau: 住建局's handler still cannot see or answer it.
        await PostOkAsync(clerk, $"/api/events/{code}/dispatch", new { departmentOrgUnitId = await DepartmentIdAsync("340881-CG") });
        (await department.GetAsync($"/api/events/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await department.PostAsync($"/api/events/{code}/reply", Json(new { text = "x" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_department_returns_an_event_to_the_centre_with_a_reason_and_the_centre_dispatches_again()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var clerk = await app.LoginAsync("clerk");
        using var department = await app.LoginAsync("department");
        var code = await worker.ReportEventAsync();
        await PostOkAsync(worker, $"/api/events/{code}/escalate");
        await PostOkAsync(clerk, $"/api/events/{code}/dispatch", new { departmentOrgUnitId = await DepartmentIdAsync("340881-ZJ") });
        using (var noReason = await department.PostAsync($"/api/events/{code}/return", Json(new { reason = " " })))
        {
            noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        await PostOkAsync(department, $"/api/events/{code}/return", new { reason = "属城管职责" });
        var e = await clerk.GetEventAsync(code);
        e["status"]!.GetValue<string>().ShouldBe("Escalated");
        e["departmentName"].ShouldBeNull();
        await PostOkAsync(clerk, $"/api/events/{code}/dispatch", new { departmentOrgUnitId = await DepartmentIdAsync("340881-CG") });
        (await StatusAsync(clerk, code)).ShouldBe("Dispatched");
    }

    [Fact]
    public async Task A_dispute_event_becomes_a_case_with_one_action_linked_both_ways_and_nothing_retyped()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var text = "西苑小区3栋王某与楼下李某因楼上漏水发生争吵，双方情绪激动。";
        var code = await worker.ReportEventAsync(EventRequests.Body(item: "100102", text: text, address: "西苑小区3栋"));
        using var response = await worker.PostAsync($"/api/events/{code}/convert", Json(new
        {
            parties = new[]
            {
                new { role = "applicant", kind = "person", name = "李明", idNumber = (string?)null, phone = (string?)"13800001111" },
                new { role = "respondent", kind = "person", name = "王强", idNumber = (string?)null, phone = (string?)null },
            },
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var caseCode = (await response.ReadJsonAsync())["caseCode"]!.GetValue<string>();

        var e = await worker.GetEventAsync(code);
        e["status"]!.GetValue<string>().ShouldBe("Converted");
        await ShouldCarryItsRunningDeadlineAsync(code, running: false);
        e["caseCode"]!.GetValue<string>().ShouldBe(caseCode);

        var c = await worker.GetFromJsonAsync<JsonNode>($"/api/cases/{caseCode}");
        c!["categoryCode"]!.GetValue<string>().ShouldBe("02");
        c["channel"]!.GetValue<string>().ShouldBe("grid");
        c["gridCode"]!.GetValue<string>().ShouldBe(CaseRequests.XiyuanGrid);
        c["narrative"]!.GetValue<string>().ShouldContain(text);
        c["narrative"]!.GetValue<string>().ShouldContain(code);
        c["timeline"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()).ShouldContain(t => t.Contains($"由网格事件 {code}", StringComparison.Ordinal));

        await using var db = app.SystemDb();
        var stored = await db.GridEvents.SingleAsync(x => x.Code == code);
        var linked = await db.Cases.SingleAsync(x => x.Code == caseCode);
        stored.CaseId.ShouldBe(linked.Id);
        linked.VillageCode.ShouldBe(CaseRequests.XiyuanVillage);

        // Converting twice is refused; nothing else is created.
        using var again = await worker.PostAsync($"/api/events/{code}/convert", Json(new { parties = new[] { new { role = "applicant", kind = "person", name = "李明" } } }));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await db.Cases.CountAsync(x => x.Narrative.Contains(code))).ShouldBe(1);
    }

    [Fact]
    public async Task A_city_management_event_cannot_become_a_case()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var code = await worker.ReportEventAsync();
        using var response = await worker.PostAsync($"/api/events/{code}/convert", Json(new { parties = new[] { new { role = "applicant", kind = "person", name = "李明" } } }));
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("not_a_dispute");
    }

    [Fact]
    public async Task An_outside_reporter_rates_through_the_link_sent_when_the_event_closed()
    {
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ConcordDb>().ActAs(Actor.System(CaseRequests.XiyuanVillage));
            var handler = scope.ServiceProvider.GetRequiredService<ReportEvent.Handler>();
            var result = await handler.HandleAsync(
                new ReportEvent.Request("010101", "小区门口垃圾没人清理", CaseRequests.XiyuanGrid, Address: "西苑路 9 号"),
                "citizen-" + Guid.NewGuid().ToString("N"),
                outside: new ReportEvent.OutsideReporter(EventChannel.Open311, "test-app", "张三丰", "13912345678", null));
            code = result.Code;
        }

        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var leader = await app.LoginAsync("gridleader");
        var e = await leader.GetEventAsync(code);
        e["channel"]!.GetValue<string>().ShouldBe("open311");
        e["reporterName"]!.GetValue<string>().ShouldBe("张*丰");
        e["reporterPhone"]!.GetValue<string>().ShouldBe("139****5678");
        await PostOkAsync(worker, $"/api/events/{code}/handle", new { note = "已清理", photos = new JsonArray { EventRequests.Photo() } });
        await PostOkAsync(leader, $"/api/events/{code}/handling/accept");

        await using var db = app.SystemDb();
        var token = (await db.GridEvents.SingleAsync(x => x.Code == code)).RatingToken.ShouldNotBeNull();
        (await db.SmsMessages.CountAsync(m => m.Text.Contains(token))).ShouldBe(1);

        using var anonymous = app.CreateClient();
        using (var bad = await anonymous.PostAsync($"/api/public/event-ratings/{token}x", Json(new { rating = "satisfied" })))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var ok = await anonymous.PostAsync($"/api/public/event-ratings/{token}", Json(new { rating = "basically-satisfied", comment = "还行" })))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }

        using (var twice = await anonymous.PostAsync($"/api/public/event-ratings/{token}", Json(new { rating = "dissatisfied" })))
        {
            twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        (await leader.GetEventAsync(code))["ratingLabel"]!.GetValue<string>().ShouldBe("基本满意");
    }
}
