using System.Net;
using System.Text.RegularExpressions;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Cases;

[Collection(AppCollection.Name)]
public sealed partial class RegisterCaseTests(ConcordFactory app)
{
    [GeneratedRegex(@"^340881-(\d{4})-\d{6}$")]
    private static partial Regex CodePattern();

    private static string NewMarker() => "m" + Guid.NewGuid().ToString("N")[..12];

    private async Task<int> CasesWithMarkerAsync(string marker)
    {
        await using var db = app.SystemDb();
        return await db.Cases.CountAsync(c => c.Narrative.Contains(marker));
    }

    [Fact]
    public async Task Registering_a_case_answers_201_with_its_location_and_a_county_year_sequence_code()
    {
        using var clerk = await app.LoginAsync("clerk");
        var yearBefore = DateTime.UtcNow.Year;
        using var response = await clerk.PostCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        var yearAfter = DateTime.UtcNow.Year;

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var code = (await response.ReadJsonAsync())["code"]!.GetValue<string>();
        var match = CodePattern().Match(code);
        match.Success.ShouldBeTrue(code);
        int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(yearBefore, yearAfter);
        response.Headers.Location!.ToString().ShouldBe($"/api/cases/{code}");

        using var view = await clerk.GetAsync(response.Headers.Location);
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        var details = await view.ReadJsonAsync();
        details["code"]!.GetValue<string>().ShouldBe(code);
        details["status"]!.GetValue<string>().ShouldBe("Registered");
        details["villageName"]!.GetValue<string>().ShouldBe("西苑居委会");
        details["gridCode"]!.GetValue<string>().ShouldBe(CaseRequests.XiyuanGrid);
        var timeline = details["timeline"]!.AsArray();
        timeline.Count.ShouldBeGreaterThanOrEqualTo(2); // registered, then the triage line (category and risk)
        timeline[0]!["kind"]!.GetValue<string>().ShouldBe("registered");
        timeline[1]!["kind"]!.GetValue<string>().ShouldStartWith("category_");
        timeline[0]!["actorName"]!.GetValue<string>().ShouldBe("王秀兰");
    }

    [Fact]
    public async Task Consecutive_cases_get_consecutive_sequence_numbers()
    {
        using var clerk = await app.LoginAsync("clerk");
        var first = await clerk.RegisterCaseAsync();
        var second = await clerk.RegisterCaseAsync();
        long.Parse(second[^6..], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(long.Parse(first[^6..], System.Globalization.CultureInfo.InvariantCulture) + 1);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_code_and_creates_no_second_case()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = NewMarker();
        var body = CaseRequests.Body(marker: marker);
        var key = Guid.NewGuid().ToString();

        using var first = await clerk.PostCaseAsync(body, key);
        using var retry = await clerk.PostCaseAsync(body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        var firstCode = (await first.ReadJsonAsync())["code"]!.GetValue<string>();
        var retryJson = await retry.ReadJsonAsync();
        retryJson["code"]!.GetValue<string>().ShouldBe(firstCode);
        retryJson["replayed"]!.GetValue<bool>().ShouldBeTrue();
        (await CasesWithMarkerAsync(marker)).ShouldBe(1);
    }

    [Fact]
    public async Task Parallel_retries_with_one_idempotency_key_create_one_case()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = NewMarker();
        var body = CaseRequests.Body(marker: marker);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => clerk.PostCaseAsync(body, key)));
        var codes = new HashSet<string>();
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            codes.Add((await response.ReadJsonAsync())["code"]!.GetValue<string>());
            response.Dispose();
        }

        codes.Count.ShouldBe(1);
        (await CasesWithMarkerAsync(marker)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_refused_with_422()
    {
        using var clerk = await app.LoginAsync("clerk");
        var key = Guid.NewGuid().ToString();
        await clerk.RegisterCaseAsync(CaseRequests.Body(marker: NewMarker()));
        using var first = await clerk.PostCaseAsync(CaseRequests.Body(marker: NewMarker()), key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = NewMarker();
        using var reused = await clerk.PostCaseAsync(CaseRequests.Body(marker: other), key);
        reused.StatusCode.ShouldBe((HttpStatusCode)422);
        (await reused.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("idempotency_key_reused");
        (await CasesWithMarkerAsync(other)).ShouldBe(0);
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_100_characters_is_refused()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = NewMarker();
        using var response = await clerk.PostCaseAsync(CaseRequests.Body(marker: marker), new string('k', 101));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("idempotency_key_too_long");
        (await CasesWithMarkerAsync(marker)).ShouldBe(0);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_the_user_who_sent_them()
    {
        using var clerk = await app.LoginAsync("clerk");
        using var countyClerk = await app.LoginAsync("county.clerk");
        var key = Guid.NewGuid().ToString();
        var body = CaseRequests.Body(marker: NewMarker());
        using var mine = await clerk.PostCaseAsync(body, key);
        using var theirs = await countyClerk.PostCaseAsync(body, key);
        mine.StatusCode.ShouldBe(HttpStatusCode.Created);
        theirs.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await theirs.ReadJsonAsync())["code"]!.GetValue<string>().ShouldNotBe((await mine.ReadJsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_fields_are_answered_with_400_problem_details_keyed_by_field_and_nothing_is_saved()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = NewMarker();
        var body = CaseRequests.Body(marker: marker);
        body["categoryCode"] = "xx";
        body["summary"] = " ";
        body["amountFen"] = -1;
        body["parties"]![0]!["idNumber"] = "110105194912310021";
        body["parties"]![0]!["phone"] = "12345";
        body["parties"]![1]!["kind"] = "robot";

        using var response = await clerk.PostCaseAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(
            ["categoryCode", "summary", "amountFen", "parties[0].idNumber", "parties[0].phone", "parties[1].kind"], ignoreOrder: true);
        errors["parties[0].idNumber"]![0]!.GetValue<string>().ShouldContain("校验位");
        (await CasesWithMarkerAsync(marker)).ShouldBe(0);
    }

    [Fact]
    public async Task A_case_needs_an_applicant()
    {
        using var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body();
        body["parties"]!.AsArray().RemoveAt(0);
        using var response = await clerk.PostCaseAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["parties"].ShouldNotBeNull();
    }

    [Fact]
    public async Task An_unknown_village_or_a_grid_of_another_village_is_a_field_error()
    {
        using var clerk = await app.LoginAsync("clerk");
        using var unknown = await clerk.PostCaseAsync(CaseRequests.Body(village: "340881002999"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ReadJsonAsync())["errors"]!["villageCode"].ShouldNotBeNull();

        using var wrongGrid = await clerk.PostCaseAsync(CaseRequests.Body(village: CaseRequests.XiyuanVillage, grid: CaseRequests.SanliGrid));
        wrongGrid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongGrid.ReadJsonAsync())["errors"]!["gridCode"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        using var clerk = await app.LoginAsync("clerk");
        using var content = new StringContent("{\"channel\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await clerk.PostAsync("/api/cases", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Fifty_parallel_registrations_get_fifty_distinct_codes()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = NewMarker();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => clerk.PostCaseAsync(CaseRequests.Body(marker: marker))));
        var codes = new List<string>();
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            codes.Add((await response.ReadJsonAsync())["code"]!.GetValue<string>());
            response.Dispose();
        }

        codes.Distinct().Count().ShouldBe(50);
        (await CasesWithMarkerAsync(marker)).ShouldBe(50);
        await using var db = app.SystemDb();
        (await db.Cases.Where(c => codes.Contains(c.Code)).CountAsync()).ShouldBe(50);
    }

    [Fact]
    public async Task A_grid_worker_must_name_their_grid_and_cannot_use_another_grid_of_the_village()
    {
        using var gridWorker = await app.LoginAsync("xiyuan.gridworker");
        using var noGrid = await gridWorker.PostCaseAsync(CaseRequests.Body());
        noGrid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noGrid.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["gridCode"]);

        using var otherGrid = await gridWorker.PostCaseAsync(CaseRequests.Body(grid: "340881002003002"));
        otherGrid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await otherGrid.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["gridCode"]);
    }

    [Fact]
    public async Task A_grid_worker_registers_a_case_in_their_own_grid()
    {
        using var gridWorker = await app.LoginAsync("xiyuan.gridworker");
        var body = CaseRequests.Body(grid: CaseRequests.XiyuanGrid);
        body["channel"] = "grid";
        var code = await gridWorker.RegisterCaseAsync(body);
        using var view = await gridWorker.GetAsync($"/api/cases/{code}");
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        var details = await view.ReadJsonAsync();
        details["channel"]!.GetValue<string>().ShouldBe("grid");
        details["villageName"]!.GetValue<string>().ShouldBe("西苑居委会");
        details["gridName"]!.GetValue<string>().ShouldBe("第1网格");
    }
}
