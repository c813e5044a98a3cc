using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Agreements;

/// <summary>调解协议 (art. 29), 调解不成 and the case documents, through the API and pages with the demo users of 文昌街道.</summary>
[Collection(AppCollection.Name)]
public sealed class AgreementTests(ConcordFactory app)
{
    private static readonly string[] s_headings = ["当事人", "纠纷事实及争议事项", "责任承担", "协议内容", "履行方式、地点、期限"];

    private sealed record MediatingCase(string Code, HttpClient Clerk, HttpClient Mediator, JsonObject Body) : IDisposable
    {
        public void Dispose()
        {
            Clerk.Dispose();
            Mediator.Dispose();
        }
    }

    /// <summary>Registered by the town clerk, accepted, routed to 文昌街道人民调解委员会 and accepted there: 调解中.</summary>
    private async Task<MediatingCase> MediatingCaseAsync()
    {
        var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await clerk.RegisterCaseAsync(body);
        (await clerk.PostAsync($"/api/cases/{code}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var proposal = (await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync())!;
        var town = proposal["candidates"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == "340881002-TWH")!["id"]!.GetValue<long>();
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "街道调委会统一调处" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var mediator = await app.LoginAsync("mediator");
        (await mediator.PostAsync($"/api/cases/{code}/assignment/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(clerk, code)).ShouldBe("Mediating");
        return new MediatingCase(code, clerk, mediator, body);
    }

    private static async Task<string> StatusAsync(HttpClient client, string code) =>
        (await (await client.GetAsync($"/api/cases/{code}")).ReadJsonAsync())["status"]!.GetValue<string>();

    private static object Complete(MediatingCase c, bool verbal = false) => new
    {
        parties = new[]
        {
            new { name = "张小华", role = "申请人" },
            new { name = c.Body["parties"]![1]!["name"]!.GetValue<string>(), role = "被申请人" },
        },
        facts = "业主反映物业公司收取物业费后拒不维修，屋顶漏水三个月。",
        disputedItems = "屋顶维修责任及漏水损失赔偿。",
        responsibility = "物业公司未及时履行维修义务，承担主要责任。",
        terms = new[] { "物业公司于十日内完成屋顶维修。", "物业公司赔偿张小华损失人民币八百元。" },
        performanceMethod = "现场维修；赔偿款银行转账支付",
        performancePlace = "西苑小区3栋",
        performanceDeadline = "2026-12-31",
        verbal,
    };

    private static async Task<JsonNode> SaveAsync(HttpClient client, string code, object draft)
    {
        var response = await client.PutAsJsonAsync($"/api/cases/{code}/agreement", draft);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task SignAllAsync(HttpClient client, string code, JsonNode agreement)
    {
        foreach (var s in agreement["signatures"]!.AsArray())
        {
            var response = await client.PostAsJsonAsync($"/api/cases/{code}/agreement/signatures/{s!["id"]!.GetValue<long>()}/sign", new { method = "onsite" });
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_incomplete_agreement_is_refused_naming_the_missing_parts_and_nothing_changes()
    {
        using var c = await MediatingCaseAsync();
        var saved = await SaveAsync(c.Mediator, c.Code, new { parties = new[] { new { name = "张小华", role = "申请人" }, new { name = "安居物业", role = "被申请人" } }, facts = "屋顶漏水三个月。" });
        saved["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["争议事项", "责任承担", "协议内容", "履行方式", "履行地点", "履行期限"]);
        saved["signatures"]!.AsArray().Count.ShouldBe(2);

        var refused = await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.ReadJsonAsync();
        problem["code"]!.GetValue<string>().ShouldBe("agreement_incomplete");
        var message = problem["detail"]?.GetValue<string>() ?? problem["title"]!.GetValue<string>();
        foreach (var part in new[] { "争议事项", "责任承担", "协议内容", "履行方式", "履行地点", "履行期限", "当事人签名" })
        {
            message.ShouldContain(part);
        }

        (await StatusAsync(c.Clerk, c.Code)).ShouldBe("Mediating");
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(x => x.Code == c.Code).Select(x => x.Id).SingleAsync();
        (await db.Agreements.SingleAsync(a => a.CaseId == caseId)).EffectiveAt.ShouldBeNull();
        (await db.CaseEvents.CountAsync(e => e.CaseId == caseId && e.Kind == nameof(CaseAction.RecordAgreement))).ShouldBe(0);
    }

    [Fact]
    public async Task A_complete_agreement_signed_by_every_party_takes_effect_and_the_case_is_agreed()
    {
        using var c = await MediatingCaseAsync();
        var saved = await SaveAsync(c.Mediator, c.Code, Complete(c));
        saved["missing"]!.AsArray().ShouldBeEmpty();
        var signatures = saved["signatures"]!.AsArray();
        signatures.Select(s => s!["partyRole"]!.GetValue<string>()).ShouldBe(["申请人", "被申请人"]);

        // Complete but not signed: refused, naming who has not signed.
        var unsigned = await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unsigned.Content.ReadAsStringAsync()).ShouldContain("当事人签名（张小华、");

        await SignAllAsync(c.Mediator, c.Code, saved);
        var again = await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/signatures/{signatures[0]!["id"]!.GetValue<long>()}/sign", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var view = (await (await c.Clerk.GetAsync($"/api/cases/{c.Code}")).ReadJsonAsync())!;
        view["status"]!.GetValue<string>().ShouldBe("Agreed");
        view["deadlines"]!.AsArray().Where(d => d!["stage"]!.GetValue<string>() == "Mediation").ShouldAllBe(d => d!["met"]!.GetValue<bool>());
        var agreement = (await (await c.Clerk.GetAsync($"/api/cases/{c.Code}/agreement")).ReadJsonAsync())!;
        agreement["effectiveAt"].ShouldNotBeNull();
        agreement["signatures"]!.AsArray().ShouldAllBe(s => s!["signed"]!.GetValue<bool>() && s["methodLabel"]!.GetValue<string>() == "现场签字");

        // Once agreed, the draft is no longer edited here.
        (await c.Mediator.PutAsJsonAsync($"/api/cases/{c.Code}/agreement", Complete(c))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_verbal_agreement_is_recorded_with_the_same_parts_but_without_signatures()
    {
        using var c = await MediatingCaseAsync();
        await SaveAsync(c.Mediator, c.Code, Complete(c, verbal: true));
        (await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(c.Clerk, c.Code)).ShouldBe("Agreed");
    }

    [Fact]
    public async Task Changing_the_text_after_signing_voids_the_signatures()
    {
        using var c = await MediatingCaseAsync();
        var saved = await SaveAsync(c.Mediator, c.Code, Complete(c));
        await SignAllAsync(c.Mediator, c.Code, saved);
        var unchanged = await SaveAsync(c.Mediator, c.Code, Complete(c));
        unchanged["signatures"]!.AsArray().ShouldAllBe(s => s!["signed"]!.GetValue<bool>());

        var draft = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Complete(c), CaseRequests.Json))!;
        draft["performancePlace"] = "西苑社区居委会";
        var changed = await SaveAsync(c.Mediator, c.Code, draft);
        changed["signatures"]!.AsArray().ShouldAllBe(s => !s!["signed"]!.GetValue<bool>());
        (await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_agreement_is_drafted_only_while_mediating()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        var response = await clerk.PutAsJsonAsync($"/api/cases/{code}/agreement", new { facts = "x" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("action_not_allowed_in_state");
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(x => x.Code == code).Select(x => x.Id).SingleAsync();
        (await db.Agreements.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task No_agreement_needs_the_next_route_and_records_it()
    {
        using var c = await MediatingCaseAsync();
        var refused = await c.Mediator.PostAsJsonAsync($"/api/cases/{c.Code}/no-agreement", new { reason = "双方分歧过大" });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("next_route_required");
        var unknown = await c.Mediator.PostAsJsonAsync($"/api/cases/{c.Code}/no-agreement", new { nextRoute = "petition", reason = "双方分歧过大" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StatusAsync(c.Clerk, c.Code)).ShouldBe("Mediating");

        (await c.Mediator.PostAsJsonAsync($"/api/cases/{c.Code}/no-agreement", new { nextRoute = "litigation", reason = "双方分歧过大" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var view = (await (await c.Clerk.GetAsync($"/api/cases/{c.Code}")).ReadJsonAsync())!;
        view["status"]!.GetValue<string>().ShouldBe("NoAgreement");
        view["timeline"]!.AsArray().Last()!["text"]!.GetValue<string>().ShouldContain("诉讼");
    }

    [Fact]
    public async Task The_agreement_docx_opens_with_OpenXml_and_has_the_article_29_headings_and_the_case_code()
    {
        using var c = await MediatingCaseAsync();
        var saved = await SaveAsync(c.Mediator, c.Code, Complete(c));
        await SignAllAsync(c.Mediator, c.Code, saved);
        (await c.Mediator.PostAsync($"/api/cases/{c.Code}/agreement/finalise", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var bytes = await DocxAsync(c.Clerk, c.Code, "agreement");
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = word.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().ToList();
        var title = paragraphs[0];
        title.InnerText.ShouldBe("人民调解协议书");
        title.ParagraphProperties!.Justification!.Val!.Value.ShouldBe(JustificationValues.Center);
        title.Descendants<Bold>().ShouldNotBeEmpty();
        title.Descendants<RunFonts>().First().EastAsia!.Value.ShouldBe("宋体");
        var headings = paragraphs.Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1").Select(p => p.InnerText).ToList();
        headings.ShouldBe(s_headings);
        var text = body.InnerText;
        text.ShouldContain(c.Code);
        text.ShouldContain("本协议一式三份");
        text.ShouldContain("1. 物业公司于十日内完成屋顶维修。");
        text.ShouldContain("2026年12月31日前");
        text.ShouldNotContain(c.Body["parties"]![0]!["idNumber"]!.GetValue<string>());
        body.Descendants<Table>().ShouldNotBeEmpty();
        var size = body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        ((uint)size.Width!).ShouldBe(11906U); // A4

        ConvertToPdfIfLibreOfficeIsThere(bytes);
    }

    [Theory]
    [InlineData("registration", "人民调解受理登记表")]
    [InlineData("record", "调解记录")]
    [InlineData("followup", "回访记录")]
    public async Task The_other_documents_open_with_OpenXml_and_keep_personal_data_masked(string kind, string title)
    {
        using var c = await MediatingCaseAsync();
        var bytes = await DocxAsync(c.Clerk, c.Code, kind);
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = word.MainDocumentPart!.Document.Body!;
        body.Elements<Paragraph>().First().InnerText.ShouldBe(title);
        var text = body.InnerText;
        text.ShouldContain(c.Code);
        text.ShouldContain("张小华");
        text.ShouldNotContain(c.Body["parties"]![0]!["idNumber"]!.GetValue<string>());
        text.ShouldNotContain(c.Body["parties"]![0]!["phone"]!.GetValue<string>());
        if (kind == "registration")
        {
            text.ShouldContain("窗口");
            text.ShouldContain("物业");
        }

        if (kind == "record")
        {
            text.ShouldContain("接收承办"); // the timeline is the record's body
        }
    }

    [Fact]
    public async Task The_agreement_document_waits_for_a_draft()
    {
        using var c = await MediatingCaseAsync();
        var response = await c.Clerk.GetAsync($"/api/cases/{c.Code}/documents/agreement.docx");
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await c.Clerk.GetAsync($"/api/cases/{c.Code}/documents/unknown.docx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_towns_clerk_gets_404_on_every_agreement_and_document_endpoint_and_page()
    {
        using var c = await MediatingCaseAsync();
        var saved = await SaveAsync(c.Mediator, c.Code, Complete(c));
        var signatureId = saved["signatures"]![0]!["id"]!.GetValue<long>();
        using var outsider = await app.LoginAsync("longmian.clerk");
        var requests = new List<HttpRequestMessage>
        {
            new(HttpMethod.Get, $"/api/cases/{c.Code}/agreement"),
            new(HttpMethod.Put, $"/api/cases/{c.Code}/agreement") { Content = JsonContent.Create(Complete(c)) },
            new(HttpMethod.Post, $"/api/cases/{c.Code}/agreement/signatures/{signatureId}/sign") { Content = JsonContent.Create(new { method = "onsite" }) },
            new(HttpMethod.Post, $"/api/cases/{c.Code}/agreement/finalise"),
            new(HttpMethod.Post, $"/api/cases/{c.Code}/no-agreement") { Content = JsonContent.Create(new { nextRoute = "litigation", reason = "x" }) },
        };
        requests.AddRange(new[] { "registration", "record", "agreement", "followup" }.Select(k => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{c.Code}/documents/{k}.docx")));
        foreach (var request in requests)
        {
            using (request)
            {
                using var response = await outsider.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{request.Method} {request.RequestUri}");
            }
        }

        (await StatusAsync(c.Clerk, c.Code)).ShouldBe("Mediating");
        await using (var db = app.SystemDb())
        {
            var caseId = await db.Cases.Where(x => x.Code == c.Code).Select(x => x.Id).SingleAsync();
            (await db.AgreementSignatures.CountAsync(s => s.CaseId == caseId && s.SignedAt != null)).ShouldBe(0);
        }

        using var outsiderPages = await PageClient.LoginAsync(app, "longmian.clerk");
        using var clerkPages = await PageClient.LoginAsync(app, "clerk");
        foreach (var page in new[] { $"/cases/{c.Code}/agreement", $"/cases/{c.Code}/documents/registration", $"/cases/{c.Code}/documents/agreement" })
        {
            (await outsiderPages.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound, page);
            using var response = await clerkPages.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            (await response.Content.ReadAsStringAsync()).ShouldContain(c.Code);
        }
    }

    [Fact]
    public async Task The_agreement_page_shows_the_missing_parts_when_finalising_is_refused()
    {
        using var c = await MediatingCaseAsync();
        await SaveAsync(c.Mediator, c.Code, new { parties = new[] { new { name = "张小华", role = "申请人" }, new { name = "安居物业", role = "被申请人" } }, facts = "屋顶漏水。" });
        using var pages = await PageClient.LoginAsync(app, "mediator");
        var path = $"/cases/{c.Code}/agreement";
        var form = await pages.GetStringAsync(path);
        form.ShouldContain("确认协议生效");
        form.ShouldContain("尚缺：争议事项、责任承担、协议内容、履行方式、履行地点、履行期限");
        var token = await PageClient.AntiforgeryTokenAsync(pages, path);
        using var response = await pages.PostAsync($"{path}?handler=Finalise", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("调解协议不完整，缺少：争议事项");
        html.ShouldContain("当事人签名");
        (await StatusAsync(c.Clerk, c.Code)).ShouldBe("Mediating");

        var print = await pages.GetStringAsync($"/cases/{c.Code}/documents/agreement");
        print.ShouldContain("<html lang=\"zh-CN\">");
        print.ShouldContain("打印");
        print.ShouldContain("纠纷事实及争议事项");
    }

    private static async Task<byte[]> DocxAsync(HttpClient client, string code, string kind)
    {
        using var response = await client.GetAsync($"/api/cases/{code}/documents/{kind}.docx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// LibreOffice opens the document and prints it to PDF. CI installs it, so there a missing
    /// LibreOffice is a failure; on a developer machine without it the OpenXml reading above is the check.
    /// </summary>
    private static void ConvertToPdfIfLibreOfficeIsThere(byte[] docx)
    {
        var office = new[] { "libreoffice", "soffice" }.Select(Which).FirstOrDefault(p => p is not null);
        if (office is null)
        {
            Environment.GetEnvironmentVariable("CI").ShouldNotBe("true", "CI installs libreoffice-writer-nogui for this check");
            return;
        }

        var dir = Directory.CreateTempSubdirectory("concord-docx-");
        try
        {
            var input = Path.Combine(dir.FullName, "agreement.docx");
            File.WriteAllBytes(input, docx);
            using var process = Process.Start(new ProcessStartInfo(office, ["--headless", "--convert-to", "pdf", "--outdir", dir.FullName, input]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(120_000).ShouldBeTrue();
            var pdf = Path.Combine(dir.FullName, "agreement.pdf");
            File.Exists(pdf).ShouldBeTrue();
            File.ReadAllBytes(pdf).Take(4).ShouldBe("%PDF"u8.ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
