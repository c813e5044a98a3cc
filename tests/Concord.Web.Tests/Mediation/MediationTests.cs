using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Mediation;

/// <summary>调解工作台 through the API: sessions with the six steps, investigation records and evidence.</summary>
[Collection(AppCollection.Name)]
public sealed class MediationTests(ConcordFactory app)
{
    private static readonly string[] s_steps = ["listen", "discern", "persuade", "cite", "concede", "reconcile"];

    /// <summary>Registered by the 文昌 clerk, accepted, routed to the town committee and accepted there: 调解中.</summary>
    private Task<string> MediatingCaseAsync() => MediatingCaseAsync(app);

    internal static async Task<string> MediatingCaseAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var body = CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: Guid.NewGuid().ToString("N")[..8]);
        body["parties"]![1]!["name"] = "某物业公司" + Guid.NewGuid().ToString("N")[..6];
        var code = await clerk.RegisterCaseAsync(body);
        (await clerk.PostAsync($"/api/cases/{code}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var proposal = await (await clerk.GetAsync($"/api/cases/{code}/routing")).ReadJsonAsync();
        var town = proposal["candidates"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == "340881002-TWH")!["id"]!.GetValue<long>();
        var routed = await clerk.PostAsJsonAsync($"/api/cases/{code}/route", new { orgUnitId = town, overrideReason = "由街道调委会统一调处" });
        routed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await routed.Content.ReadAsStringAsync());
        using var mediator = await app.LoginAsync("mediator");
        (await mediator.PostAsync($"/api/cases/{code}/assignment/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return code;
    }

    private static async Task<long> ScheduleAsync(HttpClient client, string code)
    {
        var response = await client.PostAsJsonAsync($"/api/cases/{code}/sessions",
            new { startsAt = "2026-11-23T09:00:00+08:00", online = false, place = "文昌街道调解室", attendees = "张小华、物业公司代表、吴德华" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string code, MultipartFormDataContent content) =>
        await client.PostAsync($"/api/cases/{code}/evidence", content);

    [Fact]
    public async Task A_session_records_the_six_steps_one_by_one_in_order_and_counts_them()
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var id = await ScheduleAsync(mediator, code);

        for (var i = 0; i < s_steps.Length; i++)
        {
            var saved = await mediator.PostAsJsonAsync($"/api/cases/{code}/sessions/{id}/steps/{s_steps[i]}", new { notes = $"第{i + 1}步记录" });
            saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
            (await saved.ReadJsonAsync())["stepsCompleted"]!.GetValue<int>().ShouldBe(i + 1);
        }

        // Saving a step again replaces its notes and does not count twice.
        (await mediator.PostAsJsonAsync($"/api/cases/{code}/sessions/{id}/steps/listen", new { notes = "双方充分陈述，情绪平稳" })).EnsureSuccessStatusCode();

        var sessions = (await (await mediator.GetAsync($"/api/cases/{code}/sessions")).ReadJsonAsync()).AsArray();
        var session = sessions.ShouldHaveSingleItem()!;
        session["number"]!.GetValue<int>().ShouldBe(1);
        session["stepsCompleted"]!.GetValue<int>().ShouldBe(6);
        session["steps"]!.AsArray().Select(s => s!["label"]!.GetValue<string>()).ShouldBe(["听", "辨", "劝", "借", "让", "和"]);
        session["steps"]![0]!["notes"]!.GetValue<string>().ShouldBe("双方充分陈述，情绪平稳");
        session["steps"]![1]!["prompt"]!.GetValue<string>().ShouldStartWith("辨：查明事实、分清是非");

        var view = await (await mediator.GetAsync($"/api/cases/{code}")).ReadJsonAsync();
        var texts = view["timeline"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()).ToList();
        texts.ShouldContain("第 1 次调解（现场，文昌街道调解室）：记录“听”");
        texts.ShouldContain("第 1 次调解（现场，文昌街道调解室）：记录“和”");

        await using var db = app.SystemDb();
        var audit = await db.AuditEntries.Where(a => a.EntityId == $"{code}/1").ToListAsync();
        audit.Count(a => a.Action == "mediation.step_recorded").ShouldBe(7);
        audit.ShouldContain(a => a.Action == "mediation.session_scheduled");
        audit.ShouldAllBe(a => !a.Changes.Contains("张小华") && !a.Changes.Contains("双方充分陈述"));
    }

    [Fact]
    public async Task A_session_needs_a_time_attendees_and_a_place_or_an_online_link()
    {
        var code = await MediatingCaseAsync();
        using var clerk = await app.LoginAsync("clerk");
        var onSite = await clerk.PostAsJsonAsync($"/api/cases/{code}/sessions", new { online = false, place = " ", attendees = "" });
        onSite.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await onSite.ReadJsonAsync())["errors"]!;
        errors["startsAt"].ShouldNotBeNull();
        errors["place"]![0]!.GetValue<string>().ShouldBe("现场调解请填写调解地点。");
        errors["attendees"].ShouldNotBeNull();

        var online = await clerk.PostAsJsonAsync($"/api/cases/{code}/sessions", new { startsAt = "2026-11-23T09:00:00+08:00", online = true, attendees = "双方当事人" });
        online.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await online.ReadJsonAsync())["errors"]!["onlineLink"].ShouldNotBeNull();

        var step = await clerk.PostAsJsonAsync($"/api/cases/{code}/sessions/{await ScheduleAsync(clerk, code)}/steps/sing", new { notes = "x" });
        step.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await step.ReadJsonAsync())["errors"]!["step"].ShouldNotBeNull();
        await using var db = app.SystemDb();
        (await db.MediationSessions.CountAsync(s => db.Cases.Any(c => c.Id == s.CaseId && c.Code == code))).ShouldBe(1);
    }

    [Fact]
    public async Task Nothing_is_recorded_on_a_case_that_is_not_being_mediated()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        var responses = new[]
        {
            await clerk.PostAsJsonAsync($"/api/cases/{code}/sessions", new { startsAt = "2026-11-23T09:00:00+08:00", place = "调解室", attendees = "双方" }),
            await clerk.PostAsJsonAsync($"/api/cases/{code}/investigations", new { at = "2026-11-23T09:00:00+08:00", place = "现场", investigator = "王秀兰", subject = "邻居", findings = "属实" }),
            await UploadAsync(clerk, code, EvidenceContent.Pdf("notmediating")),
        };
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("action_not_allowed_in_state");
        }

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.MediationSessions.CountAsync(s => s.CaseId == caseId)).ShouldBe(0);
        (await db.InvestigationRecords.CountAsync(s => s.CaseId == caseId)).ShouldBe(0);
        (await db.Evidence.CountAsync(s => s.CaseId == caseId)).ShouldBe(0);
    }

    [Fact]
    public async Task An_investigation_is_recorded_with_its_findings_and_a_timeline_line()
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var missing = await mediator.PostAsJsonAsync($"/api/cases/{code}/investigations", new { place = "西苑小区" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await missing.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["at", "findings", "investigator", "subject"]);

        var saved = await mediator.PostAsJsonAsync($"/api/cases/{code}/investigations",
            new { at = "2026-11-22T15:00:00+08:00", place = "西苑小区 3 栋 502 室", investigator = "吴德华", subject = "楼上住户", findings = "屋顶防水层破损，确有漏水。" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var list = (await (await mediator.GetAsync($"/api/cases/{code}/investigations")).ReadJsonAsync()).AsArray();
        list.ShouldHaveSingleItem()!["findings"]!.GetValue<string>().ShouldBe("屋顶防水层破损，确有漏水。");
        var view = await (await mediator.GetAsync($"/api/cases/{code}")).ReadJsonAsync();
        view["timeline"]!.AsArray().ShouldContain(e => e!["text"]!.GetValue<string>() == "调查记录（2026-11-22 15:00，西苑小区 3 栋 502 室）");
    }

    [Fact]
    public async Task Evidence_is_stored_with_its_SHA_256_and_downloads_byte_identical_as_an_attachment()
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var bytes = EvidenceContent.PdfBytes(Guid.NewGuid().ToString("N"));
        var response = await UploadAsync(mediator, code, EvidenceContent.File(bytes, "漏水照片说明.pdf", "application/pdf"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var uploaded = await response.ReadJsonAsync();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        uploaded["sha256"]!.GetValue<string>().ShouldBe(sha);

        await using (var db = app.SystemDb())
        {
            var row = await db.Evidence.SingleAsync(e => e.Id == uploaded["id"]!.GetValue<long>());
            row.Sha256.ShouldBe(sha);
            row.SizeBytes.ShouldBe(bytes.Length);
            row.ContentType.ShouldBe("application/pdf");
            row.StoragePath.ShouldBe($"{row.CaseId}/{sha}");
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "mediation.evidence_uploaded" && a.EntityId.StartsWith(code));
            audit.Changes.ShouldContain(sha);
            audit.Changes.ShouldNotContain("漏水照片说明");
        }

        using var clerk = await app.LoginAsync("clerk");
        using var download = await clerk.GetAsync($"/api/cases/{code}/evidence/{uploaded["id"]}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);

        var listed = (await (await clerk.GetAsync($"/api/cases/{code}/evidence")).ReadJsonAsync()).AsArray();
        listed.ShouldHaveSingleItem()!["fileName"]!.GetValue<string>().ShouldBe("漏水照片说明.pdf");

        var again = await UploadAsync(mediator, code, EvidenceContent.File(bytes, "副本.pdf", "application/pdf"));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.ReadJsonAsync())["errors"]!["file"].ShouldNotBeNull();
    }

    public static TheoryData<string, string, string> RefusedFiles() => new()
    {
        { "too large", "大文件.pdf", "文件不能超过 10 MB" },
        { "wrong type", "脚本.exe", "只能上传" },
        { "a text file named .pdf", "伪装.pdf", "文件内容与扩展名" },
        { "a pdf named .png", "伪装.png", "文件内容与扩展名" },
        { "a png named .jpg", "伪装.jpg", "文件内容与扩展名" },
        { "empty", "空.pdf", "请选择要上传的文件" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_file_that_is_too_large_of_the_wrong_type_or_not_what_it_says_is_refused_and_nothing_is_saved(string what, string fileName, string message)
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var bytes = what switch
        {
            "too large" => [.. EvidenceContent.PdfBytes("big"), .. new byte[10 * 1024 * 1024]],
            "wrong type" => [0x4D, 0x5A, 0x90, 0x00],
            "a text file named .pdf" => "这不是 PDF 文件"u8.ToArray(),
            "a pdf named .png" => EvidenceContent.PdfBytes("png"),
            "a png named .jpg" => EvidenceContent.PngBytes(),
            _ => [],
        };
        var response = await UploadAsync(mediator, code, EvidenceContent.File(bytes, fileName, "application/octet-stream"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, what);
        (await response.ReadJsonAsync())["errors"]!["file"]![0]!.GetValue<string>().ShouldContain(message);

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.Evidence.CountAsync(e => e.CaseId == caseId)).ShouldBe(0);
        (await db.CaseEvents.CountAsync(e => e.CaseId == caseId && e.Kind == "evidence")).ShouldBe(0);
    }

    [Fact]
    public async Task A_clerk_of_another_town_finds_nothing_on_any_mediation_endpoint_even_with_real_ids()
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var sessionId = await ScheduleAsync(mediator, code);
        var upload = await UploadAsync(mediator, code, EvidenceContent.Pdf(Guid.NewGuid().ToString("N")));
        var evidenceId = (await upload.ReadJsonAsync())["id"]!.GetValue<long>();

        using var outsider = await app.LoginAsync("longmian.clerk");
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["list sessions"] = await outsider.GetAsync($"/api/cases/{code}/sessions"),
            ["schedule"] = await outsider.PostAsJsonAsync($"/api/cases/{code}/sessions", new { startsAt = "2026-11-23T09:00:00+08:00", place = "龙眠调解室", attendees = "无" }),
            ["step"] = await outsider.PostAsJsonAsync($"/api/cases/{code}/sessions/{sessionId}/steps/listen", new { notes = "越权" }),
            ["list investigations"] = await outsider.GetAsync($"/api/cases/{code}/investigations"),
            ["investigate"] = await outsider.PostAsJsonAsync($"/api/cases/{code}/investigations", new { at = "2026-11-23T09:00:00+08:00", place = "x", investigator = "x", subject = "x", findings = "x" }),
            ["list evidence"] = await outsider.GetAsync($"/api/cases/{code}/evidence"),
            ["upload"] = await UploadAsync(outsider, code, EvidenceContent.Pdf("outsider")),
            ["download"] = await outsider.GetAsync($"/api/cases/{code}/evidence/{evidenceId}"),
        };
        foreach (var (name, response) in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, name);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("PDF", Case.Sensitive, name);
        }

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
        (await db.MediationSessions.CountAsync(s => s.CaseId == caseId)).ShouldBe(1);
        (await db.SessionSteps.CountAsync(s => s.CaseId == caseId)).ShouldBe(0);
        (await db.Evidence.CountAsync(e => e.CaseId == caseId)).ShouldBe(1);
    }

    [Fact]
    public async Task Evidence_is_not_under_wwwroot()
    {
        var code = await MediatingCaseAsync();
        using var mediator = await app.LoginAsync("mediator");
        var bytes = EvidenceContent.PdfBytes(Guid.NewGuid().ToString("N"));
        (await UploadAsync(mediator, code, EvidenceContent.File(bytes, "a.pdf", "application/pdf"))).EnsureSuccessStatusCode();
        await using var db = app.SystemDb();
        var row = await db.Evidence.SingleAsync(e => db.Cases.Any(c => c.Id == e.CaseId && c.Code == code));
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync($"/evidence/{row.StoragePath}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/data/evidence/{row.StoragePath}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

}
