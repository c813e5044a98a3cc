using System.Net;
using System.Net.Http.Json;
using Concord.Domain.Cases;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Closing;

/// <summary>回访 → 评价 → 结案, and 不满意 reopening the case.</summary>
[Collection(AppCollection.Name)]
public sealed class ClosingTests(ConcordFactory app)
{
    /// <summary>
    /// A case whose agreement has just been recorded. The agreement slice lives elsewhere; the
    /// arrangement sets the state directly so these tests start where they begin.
    /// </summary>
    private async Task<(HttpClient Clerk, string Code)> AgreedCaseAsync()
    {
        var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await clerk.RegisterCaseAsync(body);
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);
        c.Status = CaseStatus.Agreed;
        db.Audit("test.arranged", "Case", code, new { status = "Agreed" });
        await db.SaveChangesAsync();
        return (clerk, code);
    }

    private static async Task<string> StatusAsync(HttpClient client, string code) =>
        (await (await client.GetAsync($"/api/cases/{code}")).ReadJsonAsync())!["status"]!.GetValue<string>();

    private async Task<(HttpClient Clerk, string Code)> AwaitingRatingAsync()
    {
        var (clerk, code) = await AgreedCaseAsync();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up/schedule", new { performanceDeadline = "2026-12-31" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(clerk, code)).ShouldBe("FollowUp");
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up", new { performed = true, notes = "已按约付款" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(clerk, code)).ShouldBe("AwaitingRating");
        return (clerk, code);
    }

    [Fact]
    public async Task A_performed_follow_up_asks_every_party_to_rate_by_a_link_and_queues_a_masked_sms()
    {
        var (clerk, code) = await AwaitingRatingAsync();
        var links = (await (await clerk.GetAsync($"/api/cases/{code}/ratings")).ReadJsonAsync())!.AsArray();
        links.Count.ShouldBe(2);
        links.ShouldAllBe(l => l!["url"]!.GetValue<string>().StartsWith("/rate/", StringComparison.Ordinal));
        await using var db = app.SystemDb();
        var sms = await db.SmsMessages.Where(m => m.Text.Contains(code)).ToListAsync();
        sms.ShouldHaveSingleItem().Phone.Masked.ShouldNotBeNull().ShouldContain("****");
    }

    [Fact]
    public async Task A_follow_up_that_finds_the_agreement_not_performed_needs_the_reason_and_reopens_mediation()
    {
        var (clerk, code) = await AgreedCaseAsync();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up/schedule", new { performanceDeadline = "2026-12-31" })).EnsureSuccessStatusCode();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up", new { performed = false })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up", new { performed = false, notes = "被申请人未按期付款" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(clerk, code)).ShouldBe("Mediating");
    }

    [Fact]
    public async Task Closing_is_refused_naming_the_missing_case_file_items_until_they_are_filed()
    {
        var (clerk, code) = await AwaitingRatingAsync();
        var refused = await clerk.PostAsync($"/api/cases/{code}/close", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await refused.ReadJsonAsync())!;
        problem["code"]!.GetValue<string>().ShouldBe("case_file_incomplete");
        problem["title"]!.GetValue<string>().ShouldContain("权利义务告知书");
        problem["title"]!.GetValue<string>().ShouldContain("封底");
        (await StatusAsync(clerk, code)).ShouldBe("AwaitingRating");

        foreach (var item in new[] { "Application", "RightsNotice", "IdentityProof", "MediationRecord", "AgreementOrResult", "BackCover" })
        {
            (await clerk.PostAsJsonAsync($"/api/cases/{code}/case-file/{item}", new { note = "已归档" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var file = (await (await clerk.GetAsync($"/api/cases/{code}/case-file")).ReadJsonAsync())!.AsArray();
        file.Where(i => i!["required"]!.GetValue<bool>()).ShouldAllBe(i => i!["present"]!.GetValue<bool>());
        (await clerk.PostAsync($"/api/cases/{code}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(clerk, code)).ShouldBe("Closed");
    }

    [Fact]
    public async Task A_satisfied_rating_is_recorded_once_and_a_dissatisfied_one_reopens_the_case_and_tells_the_centre()
    {
        var (clerk, code) = await AwaitingRatingAsync();
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        var tokens = await db.RatingRequests.Where(r => r.CaseId == caseId).OrderBy(r => r.Id).Select(r => r.Token).ToListAsync();
        using var anonymous = app.CreateClient();

        (await anonymous.PostAsJsonAsync($"/api/public/ratings/{tokens[0]}", new { rating = "satisfied" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.PostAsJsonAsync($"/api/public/ratings/{tokens[0]}", new { rating = "dissatisfied" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await anonymous.PostAsJsonAsync($"/api/public/ratings/{tokens[1]}", new { rating = "maybe" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anonymous.PostAsJsonAsync("/api/public/ratings/not-a-real-token", new { rating = "satisfied" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(clerk, code)).ShouldBe("AwaitingRating");

        (await anonymous.PostAsJsonAsync($"/api/public/ratings/{tokens[1]}", new { rating = "dissatisfied", comment = "对方没有道歉" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(clerk, code)).ShouldBe("Mediating");
        var receiving = await db.Cases.Where(c => c.Id == caseId).Select(c => c.ReceivingOrgUnitId).SingleAsync();
        (await db.Notifications.CountAsync(n => n.CaseCode == code && n.Kind == "rated_dissatisfied" && n.OrgUnitId == receiving)).ShouldBe(1);
        var timeline = (await (await clerk.GetAsync($"/api/cases/{code}")).ReadJsonAsync())!["timeline"]!.AsArray();
        timeline.ShouldContain(e => e!["text"]!.GetValue<string>().Contains("不满意", StringComparison.Ordinal) && e["text"]!.GetValue<string>().Contains("对方没有道歉", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_case_file_exports_as_one_zip_in_the_official_order_with_a_contents_list()
    {
        var (clerk, code) = await AwaitingRatingAsync();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/case-file/RightsNotice", new { note = "当事人已签收" })).EnsureSuccessStatusCode();
        using var response = await clerk.GetAsync($"/api/cases/{code}/case-file.zip");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names[0].ShouldBe("00_卷宗目录.txt");
        names.ShouldContain("01_人民调解受理登记表.docx");
        names.ShouldContain("04_调解记录.docx");
        names.ShouldContain("10_回访记录.docx");
        names.Skip(1).ShouldBe(names.Skip(1).Order(StringComparer.Ordinal)); // numbered by place in the file
        using var reader = new StreamReader(zip.GetEntry("00_卷宗目录.txt")!.Open());
        var contents = await reader.ReadToEndAsync();
        contents.ShouldContain("02. 权利义务告知书（必备）：已归档，当事人已签收");
        contents.ShouldContain("13. 封底（必备）：缺");
        using var docx = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await ReadAllAsync(zip.GetEntry("01_人民调解受理登记表.docx")!)), false);
        docx.MainDocumentPart!.Document.InnerText.ShouldContain(code);
    }

    private static async Task<byte[]> ReadAllAsync(System.IO.Compression.ZipArchiveEntry entry)
    {
        await using var stream = entry.Open();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task The_rating_page_needs_no_login()
    {
        var (_, code) = await AwaitingRatingAsync();
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        var token = await db.RatingRequests.Where(r => r.CaseId == caseId).Select(r => r.Token).FirstAsync();
        using var client = Pages.PageClient.Anonymous(app);
        var form = await Pages.PageClient.AntiforgeryTokenAsync(client, $"/rate/{token}");
        using var response = await client.PostAsync($"/rate/{token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form,
            ["Rating"] = "basicallySatisfied",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("感谢您的评价：基本满意");
    }
}
