using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Demo;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Lessons;

/// <summary>以案促改 over HTTP: who is a candidate and why, a review's lifecycle to 销号, overdue actions, and scope.</summary>
[Collection(AppCollection.Name)]
public sealed class LessonsTests(ConcordFactory app)
{
    private const string MediationCommittee = "340881002-TWH";
    private const string XiyuanCentre = "340881002003-ZZZX";
    private const string LongmianCentre = "340881003-ZZZX";

    private static async Task<JsonArray> CandidatesAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync($"/api/lessons/candidates?region={LessonFixtures.Xiyuan}&pageSize=100&{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    private static string[] ReasonsOf(JsonArray items, string code) =>
        [.. items.Single(i => i!["code"]!.GetValue<string>() == code)!["reasons"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>())];

    private static bool Lists(JsonArray items, string code) => items.Any(i => i!["code"]!.GetValue<string>() == code);

    [Fact]
    public async Task Failed_dissatisfied_escalated_repeat_and_group_cases_are_candidates_with_their_reason_and_an_ordinary_closed_case_is_not()
    {
        var ordinary = await LessonFixtures.OrdinaryClosedAsync(app);
        var failed = await LessonFixtures.FailedAsync(app);
        var dissatisfied = await LessonFixtures.DissatisfiedAsync(app);
        var escalated = await LessonFixtures.EscalatedAsync(app);
        var (earlier, repeat) = await LessonFixtures.RepeatAsync(app);
        var group = await LessonFixtures.GroupAsync(app);

        using var supervisor = await app.LoginAsync("supervisor");
        var items = await CandidatesAsync(supervisor);
        ReasonsOf(items, failed).ShouldBe(["failed"]);
        ReasonsOf(items, dissatisfied).ShouldBe(["dissatisfied"]);
        ReasonsOf(items, escalated).ShouldBe(["escalatedOverdue"]);
        ReasonsOf(items, repeat).ShouldBe(["repeat"]);
        ReasonsOf(items, group).ShouldBe(["group"]);
        Lists(items, ordinary).ShouldBeFalse();
        Lists(items, earlier).ShouldBeFalse();
        var repeatItem = items.Single(i => i!["code"]!.GetValue<string>() == repeat)!;
        repeatItem["linkedCaseCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain(earlier);
        repeatItem["reasons"]![0]!["detail"]!.GetValue<string>().ShouldContain(earlier);
        items.Single(i => i!["code"]!.GetValue<string>() == group)!["reasons"]![0]!["detail"]!.GetValue<string>().ShouldContain("8 人");

        // The reason filter keeps only that reason; the period filter is on when it happened.
        var onlyRepeat = await CandidatesAsync(supervisor, "reason=repeat");
        Lists(onlyRepeat, repeat).ShouldBeTrue();
        Lists(onlyRepeat, failed).ShouldBeFalse();
        Lists(onlyRepeat, group).ShouldBeFalse();
        Lists(await CandidatesAsync(supervisor, "reason=failed"), failed).ShouldBeTrue();
        var past = await CandidatesAsync(supervisor, "from=2025-01-01&to=2025-01-31");
        Lists(past, failed).ShouldBeFalse();
        Lists(past, group).ShouldBeFalse();

        using var bad = await supervisor.GetAsync("/api/lessons/candidates?reason=bored&from=2026-02-01&to=2026-01-01");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject();
        errors.ContainsKey("reason").ShouldBeTrue();
        errors.ContainsKey("to").ShouldBeTrue();
    }

    [Fact]
    public async Task A_review_runs_to_completion_its_owners_record_evidence_and_it_closes_only_when_every_action_is_done()
    {
        var failed = await LessonFixtures.FailedAsync(app);
        using var supervisor = await app.LoginAsync("supervisor");
        var committee = await LessonFixtures.OrgIdAsync(app, MediationCommittee);
        var gridleader = await LessonFixtures.UserIdAsync(app, "gridleader");
        var id = await LessonFixtures.OpenReviewAsync(supervisor, [failed],
            new { text = "组织全体调解员学习物业纠纷调解规范", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow(10) },
            new { text = "对涉事小区开展一次集中走访", ownerUserId = gridleader, dueOn = LessonFixtures.Tomorrow(20) });

        var review = await (await supervisor.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync();
        review["status"]!.GetValue<string>().ShouldBe("open");
        review["regionCode"]!.GetValue<string>().ShouldBe(LessonFixtures.Xiyuan);
        review["cases"]![0]!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["调解不成"]);
        review["gaps"]!.AsArray().Count.ShouldBe(2);
        var actions = review["actions"]!.AsArray();
        var committeeAction = actions[0]!["id"]!.GetValue<long>();
        var leaderAction = actions[1]!["id"]!.GetValue<long>();
        actions[1]!["ownerOrgName"]!.GetValue<string>().ShouldContain("西苑");

        // Now a candidate under review.
        (await CandidatesAsync(supervisor)).Single(i => i!["code"]!.GetValue<string>() == failed)!["reviewId"]!.GetValue<long>().ShouldBe(id);

        using var refused = await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("review_has_open_actions");

        // 我的整改任务: the mediator (of the owning committee) and the grid leader (the owner) see theirs.
        using var mediator = await app.LoginAsync("mediator");
        using var leader = await app.LoginAsync("gridleader");
        using var clerk = await app.LoginAsync("clerk");
        (await mediator.GetStringAsync("/api/lessons/my-actions")).ShouldContain("物业纠纷调解规范");
        (await leader.GetStringAsync("/api/lessons/my-actions")).ShouldContain("集中走访");
        (await clerk.GetStringAsync("/api/lessons/my-actions")).ShouldNotContain("集中走访");

        // Not the owner: refused. Owner without evidence: a field error. Then done, once.
        using var notOwner = await clerk.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{committeeAction}/done", new { evidence = "已学习" });
        notOwner.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var noEvidence = await mediator.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{committeeAction}/done", new { evidence = " " });
        noEvidence.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noEvidence.ReadJsonAsync())["errors"]!["evidence"].ShouldNotBeNull();
        (await mediator.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{committeeAction}/done", new { evidence = "11月25日组织12名调解员集中学习，签到表已存档" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await mediator.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{committeeAction}/done", new { evidence = "再次" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await leader.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{leaderAction}/done", new { evidence = "走访 36 户，收集意见 5 条" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await (await supervisor.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("awaitingClose");
        // Closing needs the supervisor's confirmation, and only a supervisor closes.
        using var unconfirmed = await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = false });
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unconfirmed.ReadJsonAsync())["errors"]!["confirmed"].ShouldNotBeNull();
        (await clerk.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true, note = "整改到位" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        review = await (await supervisor.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync();
        review["status"]!.GetValue<string>().ShouldBe("closed");
        review["closedByName"]!.GetValue<string>().ShouldBe("李书记");
        using var late = await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions", new { text = "补充", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() });
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await supervisor.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await mediator.GetStringAsync("/api/lessons/my-actions")).ShouldNotContain($"\"reviewId\":{id},");

        await using var db = app.SystemDb();
        static string Key(long x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var reviewKey = Key(id);
        (await db.AuditEntries.CountAsync(a => a.Action == "lesson_review.opened" && a.EntityId == reviewKey && a.Changes.Contains(failed))).ShouldBe(1);
        string[] actionKeys = [Key(committeeAction), Key(leaderAction)];
        (await db.AuditEntries.CountAsync(a => a.Action == "lesson_action.done" && actionKeys.Contains(a.EntityId))).ShouldBe(2);
        (await db.AuditEntries.CountAsync(a => a.Action == "lesson_review.closed" && a.EntityId == reviewKey)).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var failed = await LessonFixtures.FailedAsync(app);
        var ordinary = await LessonFixtures.OrdinaryClosedAsync(app);
        using var supervisor = await app.LoginAsync("supervisor");
        await using var db = app.SystemDb();
        var before = await db.LessonReviews.CountAsync();

        using var empty = await supervisor.PostAsJsonAsync("/api/lessons/reviews", new { });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await empty.ReadJsonAsync())["errors"]!.AsObject();
        foreach (var field in new[] { "caseCodes", "title", "cause", "gaps", "actions" })
        {
            errors.ContainsKey(field).ShouldBeTrue(field);
        }

        var longmian = await LessonFixtures.OrgIdAsync(app, LongmianCentre);
        using var badActions = await supervisor.PostAsJsonAsync("/api/lessons/reviews", new
        {
            caseCodes = new[] { failed },
            title = "复盘",
            cause = "原因",
            gaps = new[] { "短板" },
            actions = new object[]
            {
                new { text = "措施", ownerOrgUnitId = longmian, dueOn = LessonFixtures.Tomorrow() },
                new { text = "措施", ownerOrgUnitId = longmian - longmian + 1, dueOn = "2020-01-01" },
                new { text = "" },
            },
        });
        badActions.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors = (await badActions.ReadJsonAsync())["errors"]!.AsObject();
        errors["actions[0].ownerOrgUnitId"]![0]!.GetValue<string>().ShouldContain("看不到");
        errors.ContainsKey("actions[1].dueOn").ShouldBeTrue();
        errors.ContainsKey("actions[2].text").ShouldBeTrue();
        errors.ContainsKey("actions[2].ownerOrgUnitId").ShouldBeTrue();
        errors.ContainsKey("actions[2].dueOn").ShouldBeTrue();

        var committee = await LessonFixtures.OrgIdAsync(app, MediationCommittee);
        using var notCandidate = await supervisor.PostAsJsonAsync("/api/lessons/reviews", new
        {
            caseCodes = new[] { ordinary },
            title = "复盘",
            cause = "原因",
            gaps = new[] { "短板" },
            actions = new[] { new { text = "措施", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() } },
        });
        notCandidate.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await db.LessonReviews.CountAsync()).ShouldBe(before);

        // A related, ordinary case may join a candidate; the same case cannot be in two open reviews.
        await LessonFixtures.OpenReviewAsync(supervisor, [failed, ordinary], new { text = "措施", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() });
        using var twice = await supervisor.PostAsJsonAsync("/api/lessons/reviews", new
        {
            caseCodes = new[] { failed },
            title = "复盘",
            cause = "原因",
            gaps = new[] { "短板" },
            actions = new[] { new { text = "措施", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() } },
        });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("already_under_review");
        (await db.LessonReviews.CountAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task An_action_past_its_due_date_is_overdue_by_the_apps_clock_and_shown_to_its_owner_first()
    {
        var group = await LessonFixtures.GroupAsync(app);
        using var supervisor = await app.LoginAsync("supervisor");
        var committee = await LessonFixtures.OrgIdAsync(app, MediationCommittee);
        var id = await LessonFixtures.OpenReviewAsync(supervisor, [group],
            new { text = "逾期测试措施" + Guid.NewGuid().ToString("N")[..6], ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow(2) });

        var today = await (await supervisor.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync();
        today["actions"]![0]!["overdue"]!.GetValue<bool>().ShouldBeFalse();
        today["progress"]!["overdue"]!.GetValue<int>().ShouldBe(0);

        // The same app and database, five days later by its TimeProvider.
        await using var later = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromDays(5)))));
        using var mediator = await LoginAsync(later, "mediator");
        var then = await (await mediator.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync();
        then["actions"]![0]!["overdue"]!.GetValue<bool>().ShouldBeTrue();
        then["progress"]!["overdue"]!.GetValue<int>().ShouldBe(1);
        var mine = (await (await mediator.GetAsync("/api/lessons/my-actions")).ReadJsonAsync()).AsArray();
        mine.Single(a => a!["reviewId"]!.GetValue<long>() == id)!["overdue"]!.GetValue<bool>().ShouldBeTrue();
        var list = (await (await mediator.GetAsync("/api/lessons/reviews?status=open&pageSize=100")).ReadJsonAsync())["items"]!.AsArray();
        list.Single(r => r!["id"]!.GetValue<long>() == id)!["overdue"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Another_subtrees_candidates_and_reviews_do_not_exist_and_cannot_be_written()
    {
        var failed = await LessonFixtures.FailedAsync(app);
        var repeat = (await LessonFixtures.RepeatAsync(app)).Repeat;
        using var supervisor = await app.LoginAsync("supervisor");
        var committee = await LessonFixtures.OrgIdAsync(app, MediationCommittee);
        var id = await LessonFixtures.OpenReviewAsync(supervisor, [failed], new { text = "措施", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() });
        var actionId = (await (await supervisor.GetAsync($"/api/lessons/reviews/{id}")).ReadJsonAsync())["actions"]![0]!["id"]!.GetValue<long>();

        // A town supervisor of 龙眠街道 (made for this test) and the 龙眠 clerk.
        using var admin = await app.LoginAsync("sysadmin");
        var userName = "lm.sup" + Guid.NewGuid().ToString("N")[..6];
        using (var created = await admin.PostAsJsonAsync("/api/admin/users", new { userName, displayName = "龙眠督办", role = "Supervisor", orgUnitId = await LessonFixtures.OrgIdAsync(app, LongmianCentre), password = DemoUsers.Password }))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using var town = await app.LoginAsync(userName);
        using var clerk = await app.LoginAsync("longmian.clerk");
        foreach (var outsider in new[] { town, clerk })
        {
            var all = (await (await outsider.GetAsync("/api/lessons/candidates?pageSize=100")).ReadJsonAsync())["items"]!.AsArray();
            Lists(all, failed).ShouldBeFalse();
            Lists(all, repeat).ShouldBeFalse();
            (await outsider.GetAsync($"/api/lessons/reviews/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.GetStringAsync("/api/lessons/reviews?pageSize=100")).ShouldNotContain($"\"id\":{id},");
            (await outsider.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions/{actionId}/done", new { evidence = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await town.PostAsJsonAsync($"/api/lessons/reviews/{id}/close", new { confirmed = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await town.PostAsJsonAsync($"/api/lessons/reviews/{id}/actions", new { text = "越权", ownerOrgUnitId = committee, dueOn = LessonFixtures.Tomorrow() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var foreign = await town.PostAsJsonAsync("/api/lessons/reviews", new
        {
            caseCodes = new[] { repeat },
            title = "越权复盘",
            cause = "原因",
            gaps = new[] { "短板" },
            actions = new[] { new { text = "措施", ownerOrgUnitId = await LessonFixtures.OrgIdAsync(app, LongmianCentre), dueOn = LessonFixtures.Tomorrow() } },
        });
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Readers without the permission: none of it.
        using var gridworker = await app.LoginAsync("gridworker");
        (await gridworker.GetAsync("/api/lessons/candidates")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await clerk.PostAsJsonAsync("/api/lessons/reviews", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using var db = app.SystemDb();
        (await db.LessonReviews.CountAsync(r => r.Title == "越权复盘")).ShouldBe(0);
        (await db.LessonActions.CountAsync(a => a.ReviewId == id)).ShouldBe(1);
        (await db.LessonActions.SingleAsync(a => a.Id == actionId)).DoneAt.ShouldBeNull();
    }

    private static async Task<HttpClient> LoginAsync(WebApplicationFactory<Program> factory, string userName)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = DemoUsers.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }

    /// <summary>The app's clock moved by a fixed span: "later" without waiting.</summary>
    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
