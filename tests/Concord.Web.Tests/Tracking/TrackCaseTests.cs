using System.Net;
using System.Net.Http.Json;
using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Concord.Web.Tests.Tracking;

/// <summary>群众查询: case code + last four phone digits, a redacted timeline, and limits against guessing.</summary>
[Collection(AppCollection.Name)]
public sealed class TrackCaseTests(ConcordFactory app)
{
    private async Task<(string Code, string LastFour, string Name)> CaseAsync()
    {
        using var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]);
        var phone = body["parties"]![0]!["phone"]!.GetValue<string>();
        var code = await clerk.RegisterCaseAsync(body);
        return (code, phone[^4..], body["parties"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_party_with_the_code_and_phone_digits_sees_a_redacted_timeline_and_what_happens_next()
    {
        var (code, lastFour, name) = await CaseAsync();
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/public/track", new { code, phone = lastFour });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();
        var view = (await response.ReadJsonAsync())!;
        view["status"]!.GetValue<string>().ShouldBe("待受理");
        view["nextStep"]!.GetValue<string>().ShouldContain("1 个工作日内");
        view["steps"]!.AsArray().ShouldContain(s => s!["text"]!.GetValue<string>() == "纠纷已登记");
        json.ShouldNotContain(name);
        json.ShouldNotContain("王秀兰"); // the clerk who registered it
        json.ShouldNotContain("综治中心");
    }

    [Fact]
    public async Task Wrong_digits_answer_not_found_and_after_five_failures_the_case_answers_nothing_even_to_the_right_digits()
    {
        var (code, lastFour, _) = await CaseAsync();
        using var anonymous = app.CreateClient();
        var wrong = lastFour == "0000" ? "1111" : "0000";
        for (var i = 0; i < 5; i++)
        {
            (await anonymous.PostAsJsonAsync("/api/public/track", new { code, phone = wrong })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var locked = await anonymous.PostAsJsonAsync("/api/public/track", new { code, phone = lastFour });
        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await locked.ReadJsonAsync())!["code"]!.GetValue<string>().ShouldBe("too_many_attempts");
    }

    [Fact]
    public async Task Bad_input_is_named_per_field()
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/public/track", new { code = "abc", phone = "12" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync())!["errors"]!;
        errors["code"].ShouldNotBeNull();
        errors["phone"].ShouldNotBeNull();
    }

    [Fact]
    public async Task One_client_is_limited_to_a_few_queries_a_minute()
    {
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Concord:PublicRateLimit:PerMinute", "3"));
        using var anonymous = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostAsJsonAsync("/api/public/track", new { code = "340881-2026-999999", phone = "1234" })).StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.NotFound);
        statuses[3].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_public_page_shows_the_next_step_without_a_login()
    {
        var (code, lastFour, _) = await CaseAsync();
        using var client = Pages.PageClient.Anonymous(app);
        var token = await Pages.PageClient.AntiforgeryTokenAsync(client, "/track");
        using var response = await client.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Code"] = code,
            ["Phone"] = lastFour,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-testid=\"next-step\"");
        html.ShouldContain(code);
    }
}
