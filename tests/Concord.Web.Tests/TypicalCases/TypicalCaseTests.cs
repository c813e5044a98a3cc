using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Privacy;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.TypicalCases;

/// <summary>典型案例: drafted from a closed case of one's scope, anonymised, guarded on publication, public without login.</summary>
[Collection(AppCollection.Name)]
public sealed class TypicalCaseTests(ConcordFactory app)
{
    private const string Drafts = "/api/typical-cases/drafts";

    private static readonly string[] s_given = ["晓峰", "立新", "海燕", "春生", "秀英", "国栋", "玉兰", "建华", "德明", "桂芳"];

    /// <summary>A source case and everything of its parties in clear, to look for afterwards.</summary>
    private sealed record Source(string Code, string Person, string Given, string Organisation, string IdNumber, string Phone, string Marker)
    {
        public IEnumerable<string> Secrets => [Person, Organisation, IdNumber, Phone, Phone[..3] + "-" + Phone[3..7] + "-" + Phone[7..], Code];
    }

    private async Task<Source> CaseAsync(CaseStatus status = CaseStatus.Closed)
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var given = s_given[Random.Shared.Next(s_given.Length)] + "华";
        var person = "欧阳" + given;
        var organisation = "桐城市" + marker[..4].ToUpperInvariant() + "物业管理有限公司";
        var body = CaseRequests.Body(narrative: "");
        var party = body["parties"]![0]!;
        party["name"] = person;
        body["parties"]![1]!["name"] = organisation;
        var idNumber = party["idNumber"]!.GetValue<string>();
        var phone = party["phone"]!.GetValue<string>();
        body["summary"] = $"{person}与{organisation}物业纠纷";
        body["narrative"] = $"业主{person}（身份证 {idNumber}，电话 {phone[..3]} {phone[3..7]} {phone[7..]}）反映{organisation}收取物业费后拒不维修，{given}家住西苑小区3栋2单元501室，屋顶漏水三个月。编号{marker}";
        body["address"] = "文昌街道西苑小区3栋2单元501室";
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(body);
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);
        c.Status = status;
        db.Audit("test.arranged", "Case", code, new { status = status.ToString() });
        await db.SaveChangesAsync();
        return new Source(code, person, given, organisation, idNumber, phone, marker);
    }

    private static async Task<long> DraftAsync(HttpClient client, string code)
    {
        using var response = await client.PostAsJsonAsync(Drafts, new { caseCode = code });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    private static async Task<JsonNode> GetDraftAsync(HttpClient client, long id) =>
        await (await client.GetAsync($"{Drafts}/{id}")).ReadJsonAsync();

    private static object Edit(JsonNode draft, string? narrative = null, string? commentary = "以案释法：物业服务与交费义务相互对应，调解中应先查明事实。", string? title = null) => new
    {
        title = title ?? draft["title"]!.GetValue<string>(),
        categoryCode = draft["categoryCode"]!.GetValue<string>(),
        summary = draft["summary"]!.GetValue<string>(),
        narrative = narrative ?? draft["narrative"]!.GetValue<string>(),
        result = draft["result"]!.GetValue<string>(),
        commentary,
    };

    private static void ShouldHoldNothingOf(string text, Source source, string where)
    {
        foreach (var secret in source.Secrets)
        {
            text.ShouldNotContain(secret, Case.Sensitive, $"{where} holds {secret}");
        }

        text.ShouldNotContain(source.Given, Case.Sensitive, where);
        text.ShouldNotContain(source.Phone[3..7] + " " + source.Phone[7..], Case.Sensitive, where);
    }

    [Fact]
    public async Task A_draft_from_a_closed_case_holds_no_name_ID_number_phone_or_street_address_and_lists_what_it_replaced()
    {
        var source = await CaseAsync();
        using var supervisor = await app.LoginAsync("supervisor");
        var id = await DraftAsync(supervisor, source.Code);
        var draft = await GetDraftAsync(supervisor, id);

        var texts = string.Join("\n", new[] { "title", "summary", "narrative", "result" }.Select(f => draft[f]!.GetValue<string>()));
        ShouldHoldNothingOf(texts, source, "draft");
        texts.ShouldNotContain("501室");
        draft["narrative"]!.GetValue<string>().ShouldContain("欧阳某");
        draft["narrative"]!.GetValue<string>().ShouldContain("某物业公司");
        draft["status"]!.GetValue<string>().ShouldBe("Draft");
        draft["placeName"]!.GetValue<string>().ShouldBe("桐城市文昌街道西苑社区");
        draft["caseCode"]!.GetValue<string>().ShouldBe(source.Code);

        var replaced = draft["replacements"]!.AsArray();
        replaced.ShouldContain(r => r!["kind"]!.GetValue<string>() == "Phone" && r["original"]!.GetValue<string>() == Phone.Mask(source.Phone));
        replaced.ShouldContain(r => r!["kind"]!.GetValue<string>() == "IdNumber" && r["original"]!.GetValue<string>() == IdNumber.Mask(source.IdNumber));
        replaced.ShouldContain(r => r!["kind"]!.GetValue<string>() == "PersonName" && r["text"]!.GetValue<string>() == "欧阳某");
        replaced.ToJsonString().ShouldNotContain(source.Phone);
        replaced.ToJsonString().ShouldNotContain(source.IdNumber);

        // Asking again answers the same typical case.
        using var again = await supervisor.PostAsJsonAsync(Drafts, new { caseCode = source.Code });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync())["id"]!.GetValue<long>().ShouldBe(id);
    }

    [Fact]
    public async Task An_open_case_cannot_become_a_typical_case()
    {
        var source = await CaseAsync(CaseStatus.Mediating);
        using var supervisor = await app.LoginAsync("supervisor");
        using var response = await supervisor.PostAsJsonAsync(Drafts, new { caseCode = source.Code });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("case_not_closed");
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == source.Code).Select(c => c.Id).SingleAsync();
        (await db.TypicalCases.CountAsync(t => t.SourceCaseId == caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task Another_subtree_cannot_draft_read_edit_or_publish_it_and_other_roles_may_not_at_all()
    {
        var source = await CaseAsync();
        using var longmian = await app.LoginAsync("longmian.clerk");
        (await longmian.PostAsJsonAsync(Drafts, new { caseCode = source.Code })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var clerk = await app.LoginAsync("clerk");
        var id = await DraftAsync(clerk, source.Code);
        var draft = await GetDraftAsync(clerk, id);
        (await longmian.GetAsync($"{Drafts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await longmian.PutAsJsonAsync($"{Drafts}/{id}", Edit(draft, title: "改写"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await longmian.PostAsync($"{Drafts}/{id}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await longmian.GetAsync(Drafts)).ReadJsonAsync();
        list.AsArray().ShouldNotContain(r => r!["id"]!.GetValue<long>() == id);

        using var gridworker = await app.LoginAsync("gridworker");
        (await gridworker.PostAsJsonAsync(Drafts, new { caseCode = source.Code })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var mediator = await app.LoginAsync("mediator");
        (await mediator.GetAsync($"{Drafts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await GetDraftAsync(clerk, id))["title"]!.GetValue<string>().ShouldBe(draft["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_guard_refuses_an_edit_that_puts_back_a_partys_phone_or_name_and_saves_nothing_of_it()
    {
        var source = await CaseAsync();
        using var supervisor = await app.LoginAsync("supervisor");
        var id = await DraftAsync(supervisor, source.Code);
        var draft = await GetDraftAsync(supervisor, id);
        var original = draft["narrative"]!.GetValue<string>();

        var withPhone = original + $"联系电话{source.Phone[..3]}-{source.Phone[3..7]}-{source.Phone[7..]}。";
        using var refused = await supervisor.PostAsJsonAsync($"{Drafts}/{id}/publish", Edit(draft, narrative: withPhone));
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadJsonAsync();
        problem["code"]!.GetValue<string>().ShouldBe("personal_data_found");
        problem["title"]!.GetValue<string>().ShouldContain("案情经过");
        problem["title"]!.GetValue<string>().ShouldContain(Phone.Mask(source.Phone));
        problem.ToJsonString().ShouldNotContain(source.Phone);

        // The same through a saved edit: the name in the commentary.
        (await supervisor.PutAsJsonAsync($"{Drafts}/{id}", Edit(draft, commentary: $"{source.Person}的诉求得到支持。"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var named = await supervisor.PostAsync($"{Drafts}/{id}/publish", null);
        named.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await named.ReadJsonAsync())["title"]!.GetValue<string>().ShouldContain($"典型意义中有当事人姓名“{source.Person}”");

        var after = await GetDraftAsync(supervisor, id);
        after["status"]!.GetValue<string>().ShouldBe("Draft");
        after["narrative"]!.GetValue<string>().ShouldBe(original);
        (await supervisor.PostAsJsonAsync($"{Drafts}/{id}/publish", Edit(after))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await GetDraftAsync(supervisor, id))["status"]!.GetValue<string>().ShouldBe("Published");
    }

    [Fact]
    public async Task Publishing_needs_the_commentary()
    {
        var source = await CaseAsync();
        using var clerk = await app.LoginAsync("clerk");
        var id = await DraftAsync(clerk, source.Code);
        using var response = await clerk.PostAsync($"{Drafts}/{id}/publish", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["commentary"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_public_page_and_API_show_only_published_cases_and_nothing_of_their_parties()
    {
        var published = await CaseAsync();
        var draftOnly = await CaseAsync();
        using var supervisor = await app.LoginAsync("supervisor");
        var publishedId = await DraftAsync(supervisor, published.Code);
        var draftId = await DraftAsync(supervisor, draftOnly.Code);
        var title = $"物业服务纠纷典型案例{published.Marker}";
        var draft = await GetDraftAsync(supervisor, publishedId);
        (await supervisor.PostAsJsonAsync($"{Drafts}/{publishedId}/publish", Edit(draft, title: title))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var anonymous = PageClient.Anonymous(app);
        var list = await anonymous.GetStringAsync("/typical-cases?category=07");
        list.ShouldContain(title);
        list.ShouldContain($"href=\"/typical-cases/{publishedId}\"");
        list.ShouldNotContain($"href=\"/typical-cases/{draftId}\"");
        ShouldHoldNothingOf(list, published, "public list");
        (await anonymous.GetStringAsync("/typical-cases?category=01")).ShouldNotContain(title);

        var detail = await anonymous.GetAsync($"/typical-cases/{publishedId}");
        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await detail.Content.ReadAsStringAsync();
        html.ShouldContain(title);
        html.ShouldContain("西苑社区");
        ShouldHoldNothingOf(html, published, "public detail");
        html.ShouldNotContain("/cases/");
        (await anonymous.GetAsync($"/typical-cases/{draftId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var api = app.CreateClient();
        var items = (await (await api.GetAsync("/api/typical-cases?category=07")).ReadJsonAsync())["items"]!.AsArray();
        items.ShouldContain(i => i!["id"]!.GetValue<long>() == publishedId);
        items.ShouldNotContain(i => i!["id"]!.GetValue<long>() == draftId);
        var one = await api.GetAsync($"/api/typical-cases/{publishedId}");
        var json = await one.Content.ReadAsStringAsync();
        ShouldHoldNothingOf(json, published, "public API");
        json.ShouldNotContain("sourceCaseId");
        json.ShouldNotContain("replacements");
        (await api.GetAsync($"/api/typical-cases/{draftId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Taking_a_case_down_needs_a_reason_and_removes_it_from_the_public_page()
    {
        var source = await CaseAsync();
        using var supervisor = await app.LoginAsync("supervisor");
        var id = await DraftAsync(supervisor, source.Code);
        (await supervisor.PostAsJsonAsync($"{Drafts}/{id}/publish", Edit(await GetDraftAsync(supervisor, id)))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var api = app.CreateClient();
        (await api.GetAsync($"/api/typical-cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await supervisor.PostAsJsonAsync($"{Drafts}/{id}/unpublish", new { reason = " " })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync($"/api/typical-cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.PostAsJsonAsync($"{Drafts}/{id}/unpublish", new { reason = "案例表述需进一步核实" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.GetAsync($"/api/typical-cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var draft = await GetDraftAsync(supervisor, id);
        draft["status"]!.GetValue<string>().ShouldBe("Unpublished");
        draft["unpublishReason"]!.GetValue<string>().ShouldBe("案例表述需进一步核实");
        await using var db = app.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "typical_case.unpublished" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(1);
    }

    [Fact]
    public async Task The_review_page_shows_the_draft_beside_what_was_replaced_and_refuses_a_name_put_back_beside_the_form()
    {
        var source = await CaseAsync();
        using var supervisor = await app.LoginAsync("supervisor");
        var id = await DraftAsync(supervisor, source.Code);
        var draft = await GetDraftAsync(supervisor, id);

        using var page = await PageClient.LoginAsync(app, "supervisor");
        var html = await page.GetStringAsync($"/typical-cases/manage/{id}");
        html.ShouldContain("data-testid=\"replacement\"");
        html.ShouldContain(Phone.Mask(source.Phone));
        html.ShouldNotContain(source.Phone);
        html.ShouldNotContain(source.IdNumber);

        var token = await PageClient.AntiforgeryTokenAsync(page, $"/typical-cases/manage/{id}");
        using var response = await page.PostAsync($"/typical-cases/manage/{id}?handler=Publish", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Title"] = source.Person + "物业纠纷",
            ["Input.CategoryCode"] = "07",
            ["Input.Summary"] = draft["summary"]!.GetValue<string>(),
            ["Input.Narrative"] = draft["narrative"]!.GetValue<string>(),
            ["Input.Result"] = draft["result"]!.GetValue<string>(),
            ["Input.Commentary"] = "依法调解，互谅互让。",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"标题中有当事人姓名“{source.Person}”");
        (await GetDraftAsync(supervisor, id))["status"]!.GetValue<string>().ShouldBe("Draft");

        using var longmian = await PageClient.LoginAsync(app, "longmian.clerk");
        (await longmian.GetAsync($"/typical-cases/manage/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
