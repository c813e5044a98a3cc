using System.Net;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Lessons;

/// <summary>The 以案促改 pages: candidates with reason chips, a review opened from a repeat chain, done by its owner, closed by the supervisor.</summary>
[Collection(AppCollection.Name)]
public sealed class LessonPageTests(ConcordFactory app)
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string tokenPage, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await PageClient.AntiforgeryTokenAsync(client, tokenPage);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_lessons_page_shows_why_each_case_qualifies_with_chips_linking_to_the_case_and_only_within_the_subtree()
    {
        var failed = await LessonFixtures.FailedAsync(app);
        var group = await LessonFixtures.GroupAsync(app);
        using var supervisor = await PageClient.LoginAsync(app, "supervisor");
        var html = await supervisor.GetStringAsync($"/lessons?region={LessonFixtures.Xiyuan}");
        html.ShouldContain($"<a class=\"badge rounded-pill text-decoration-none text-bg-secondary\" href=\"/cases/{failed}\"");
        html.ShouldContain("调解不成");
        html.ShouldContain("涉及 8 人");
        html.ShouldContain($"/lessons/reviews/new?cases={group}");

        var onlyFailed = await supervisor.GetStringAsync($"/lessons?reason=failed&region={LessonFixtures.Xiyuan}");
        onlyFailed.ShouldContain(failed);
        onlyFailed.ShouldNotContain(group);

        using var longmian = await PageClient.LoginAsync(app, "longmian.clerk");
        var theirs = await longmian.GetStringAsync("/lessons");
        theirs.ShouldNotContain(failed);
        theirs.ShouldNotContain(group);
        // A reader sees the candidates but is not offered to open a review.
        using var clerk = await PageClient.LoginAsync(app, "clerk");
        (await clerk.GetStringAsync($"/lessons?region={LessonFixtures.Xiyuan}")).ShouldNotContain("/lessons/reviews/new?cases=");
    }

    [Fact]
    public async Task A_review_opened_on_the_page_from_a_repeat_chain_is_done_by_its_owner_and_closed_by_the_supervisor_after_confirmation()
    {
        var (earlier, repeat) = await LessonFixtures.RepeatAsync(app);
        using var supervisor = await PageClient.LoginAsync(app, "supervisor");
        var form = $"/lessons/reviews/new?cases={repeat}";
        var page = await supervisor.GetStringAsync(form);
        page.ShouldContain(repeat);
        page.ShouldContain(earlier);
        page.ShouldContain("预警关联的前案");
        var committee = await LessonFixtures.OrgIdAsync(app, "340881002-TWH");
        var title = "重复纠纷复盘 " + Guid.NewGuid().ToString("N")[..6];
        var fields = new Dictionary<string, string>
        {
            ["Input.CaseCodes"] = repeat,
            ["Input.Title"] = title,
            ["Input.Cause"] = "",
            ["Input.Gaps[0]"] = "首次调解后未回访",
            ["Input.Actions[0].Text"] = "建立重复纠纷回访台账",
            ["Input.Actions[0].OwnerOrgUnitId"] = committee.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Actions[0].DueOn"] = LessonFixtures.Tomorrow(7),
        };
        using (var invalid = await PostFormAsync(supervisor, "/lessons/reviews/new", form, new(fields)))
        {
            invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await invalid.Content.ReadAsStringAsync();
            body.ShouldContain("请填写根源分析。");
            body.ShouldContain("建立重复纠纷回访台账");
        }

        await using (var db = app.SystemDb())
        {
            (await db.LessonReviews.CountAsync(r => r.Title == title)).ShouldBe(0);
        }

        fields["Input.Cause"] = "同一当事人半年内两次因漏水纠纷来访，前案协议履行不到位。";
        var both = new FormUrlEncodedContent([.. fields.Select(kv => kv), new KeyValuePair<string, string>("Input.CaseCodes", earlier),
            new("__RequestVerificationToken", await PageClient.AntiforgeryTokenAsync(supervisor, form))]);
        using var created = await supervisor.PostAsync("/lessons/reviews/new", both);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reviewPath = created.Headers.Location!.ToString();
        reviewPath.ShouldStartWith("/lessons/reviews/");
        var review = await supervisor.GetStringAsync(reviewPath);
        review.ShouldContain(title);
        review.ShouldContain(earlier);
        review.ShouldContain("整改中");
        review.ShouldNotContain("data-testid=\"close-review\"");

        long actionId;
        await using (var db = app.SystemDb())
        {
            var r = await db.LessonReviews.Include(x => x.Cases).Include(x => x.Actions).SingleAsync(x => x.Title == title);
            r.Cases.Select(c => c.CaseCode).Order().ShouldBe(new[] { earlier, repeat }.Order());
            r.Cases.Single(c => c.CaseCode == repeat).Reasons.ShouldBe("Repeat");
            r.Cases.Single(c => c.CaseCode == earlier).Reasons.ShouldBe("");
            actionId = r.Actions.Single().Id;
        }

        // The owner (the committee's mediator) finds it in 我的整改任务 and records it done on the review page.
        using var mediator = await PageClient.LoginAsync(app, "mediator");
        (await mediator.GetStringAsync("/lessons")).ShouldContain($"{reviewPath}#action-{actionId}");
        using (var empty = await PostFormAsync(mediator, $"{reviewPath}?handler=Done", reviewPath, new() { ["actionId"] = actionId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["evidence"] = "" }))
        {
            empty.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await empty.Content.ReadAsStringAsync()).ShouldContain("请填写整改佐证");
        }

        using (var done = await PostFormAsync(mediator, $"{reviewPath}?handler=Done", reviewPath, new() { ["actionId"] = actionId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["evidence"] = "台账已建立，首批登记 3 件" }))
        {
            done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        review = await supervisor.GetStringAsync(reviewPath);
        review.ShouldContain("待销号");
        review.ShouldContain("台账已建立");
        using (var unconfirmed = await PostFormAsync(supervisor, $"{reviewPath}?handler=Close", reviewPath, new() { ["note"] = "" }))
        {
            unconfirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await unconfirmed.Content.ReadAsStringAsync()).ShouldContain("请确认整改措施已全部落实。");
        }

        using (var closed = await PostFormAsync(supervisor, $"{reviewPath}?handler=Close", reviewPath, new() { ["confirmed"] = "true", ["note"] = "整改到位" }))
        {
            closed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        review = await supervisor.GetStringAsync(reviewPath);
        review.ShouldContain("已销号");
        review.ShouldContain("确认整改到位：整改到位");

        using var longmian = await PageClient.LoginAsync(app, "longmian.clerk");
        (await longmian.GetAsync(reviewPath)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
