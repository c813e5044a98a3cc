using System.Net;
using System.Net.Http.Json;
using Concord.Domain.Deadlines;
using Concord.Web.Tests.Infrastructure;

namespace Concord.Web.Tests.Deadlines;

/// <summary>Pause, resume and extend through the API: the rules of 人民调解法 on extension, Chinese errors, timeline and scope.</summary>
[Collection(DeadlinesCollection.Name)]
public sealed class DeadlineOperationsTests(ConcordFactory app)
{
    private static async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body)> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    [Fact]
    public async Task Mediation_is_extended_once_by_at_most_30_days_and_only_with_both_parties_consent()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DateTime.UtcNow.Date);
        using var mediator = await app.LoginAsync("mediator");
        var url = $"/api/cases/{d.Code}/deadlines/mediation/extend";

        var noConsent = await PostAsync(mediator, url, new { days = 15, bothPartiesConsent = false });
        noConsent.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        noConsent.Body["code"]!.GetValue<string>().ShouldBe("consent_required");
        noConsent.Body["title"]!.GetValue<string>().ShouldBe("延长调解期限须经双方当事人同意。");

        var tooLong = await PostAsync(mediator, url, new { days = 31, bothPartiesConsent = true });
        tooLong.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooLong.Body["errors"]!["days"]![0]!.GetValue<string>().ShouldBe("延长天数应为 1 至 30 天。");

        var extended = await PostAsync(mediator, url, new { days = 15, bothPartiesConsent = true, reason = "双方同意继续协商" });
        extended.Status.ShouldBe(HttpStatusCode.OK, extended.Body.ToJsonString());
        extended.Body["extended"]!.GetValue<bool>().ShouldBeTrue();
        (await app.DeadlineAsync(d.DeadlineId)).DueAt.ShouldBe(d.DueAt.AddDays(15));

        var twice = await PostAsync(mediator, url, new { days = 5, bothPartiesConsent = true });
        twice.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        twice.Body["code"]!.GetValue<string>().ShouldBe("deadline_already_extended");
        (await app.DeadlineAsync(d.DeadlineId)).DueAt.ShouldBe(d.DueAt.AddDays(15));
        (await app.EventsAsync(d.CaseId, "deadline_extended")).ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_mediation_deadline_can_be_extended()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Acceptance, DateTime.UtcNow.Date);
        using var clerk = await app.LoginAsync("clerk");
        var result = await PostAsync(clerk, $"/api/cases/{d.Code}/deadlines/acceptance/extend", new { days = 5, bothPartiesConsent = true });
        result.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        result.Body["code"]!.GetValue<string>().ShouldBe("deadline_not_extendable");
        (await app.DeadlineAsync(d.DeadlineId)).Extended.ShouldBeFalse();
    }

    [Fact]
    public async Task Pausing_needs_a_reason_and_cannot_pause_twice_and_resuming_needs_a_pause()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DateTime.UtcNow.Date);
        using var supervisor = await app.LoginAsync("supervisor");
        var pause = $"/api/cases/{d.Code}/deadlines/mediation/pause";

        var noReason = await PostAsync(supervisor, pause, new { reason = " " });
        noReason.Status.ShouldBe(HttpStatusCode.BadRequest);
        noReason.Body["errors"]!["reason"].ShouldNotBeNull();

        var notPaused = await PostAsync(supervisor, $"/api/cases/{d.Code}/deadlines/mediation/resume", new { });
        notPaused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        notPaused.Body["code"]!.GetValue<string>().ShouldBe("deadline_not_paused");

        (await PostAsync(supervisor, pause, new { reason = "等待鉴定意见" })).Status.ShouldBe(HttpStatusCode.OK);
        var again = await PostAsync(supervisor, pause, new { reason = "等待鉴定意见" });
        again.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        again.Body["code"]!.GetValue<string>().ShouldBe("deadline_already_paused");

        using var view = await supervisor.GetAsync($"/api/cases/{d.Code}");
        var timeline = (await view.ReadJsonAsync())["timeline"]!.AsArray();
        timeline.ShouldContain(e => e!["kind"]!.GetValue<string>() == "deadline_paused" && e["text"]!.GetValue<string>().Contains("等待鉴定意见"));
    }

    [Fact]
    public async Task A_stage_without_a_running_deadline_is_a_clear_422()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Acceptance, DateTime.UtcNow.Date);
        using var clerk = await app.LoginAsync("clerk");
        var result = await PostAsync(clerk, $"/api/cases/{d.Code}/deadlines/verification/pause", new { reason = "等待鉴定意见" });
        result.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        result.Body["title"]!.GetValue<string>().ShouldBe("该案件没有正在计时的核查期限。");
    }

    [Fact]
    public async Task Another_towns_clerk_gets_404_on_every_deadline_operation_and_changes_nothing()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DateTime.UtcNow.Date);
        using var longmian = await app.LoginAsync("longmian.clerk");
        foreach (var (op, body) in new (string, object)[] { ("pause", new { reason = "等待鉴定意见" }), ("resume", new { }), ("extend", new { days = 10, bothPartiesConsent = true }) })
        {
            using var response = await longmian.PostAsJsonAsync($"/api/cases/{d.Code}/deadlines/mediation/{op}", body);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, op);
        }

        (await longmian.GetAsync($"/api/cases/{d.Code}/deadlines")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var deadline = await app.DeadlineAsync(d.DeadlineId);
        deadline.PausedAt.ShouldBeNull();
        deadline.Extended.ShouldBeFalse();
    }

    [Fact]
    public async Task The_deadlines_of_a_case_are_listed_with_their_step_and_due_time()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DateTime.UtcNow.Date);
        using var clerk = await app.LoginAsync("clerk");
        using var response = await clerk.GetAsync($"/api/cases/{d.Code}/deadlines");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var all = (await response.ReadJsonAsync()).AsArray();
        all.Count.ShouldBe(2); // intake's acceptance deadline (met) and this test's mediation deadline
        var list = all.Where(x => x!["stage"]!.GetValue<string>() == "mediation").ToList();
        list.Count.ShouldBe(1);
        list[0]!["stageLabel"]!.GetValue<string>().ShouldBe("调解");
        list[0]!["step"]!.GetValue<string>().ShouldBe("None");
    }
}
