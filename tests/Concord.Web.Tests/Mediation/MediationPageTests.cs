using System.Net;
using System.Net.Http.Headers;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Mediation;

/// <summary>The workspace page: the same handlers as the API, antiforgery on its own forms, errors beside the fields.</summary>
[Collection(AppCollection.Name)]
public sealed class MediationPageTests(ConcordFactory app)
{
    [Fact]
    public async Task The_workspace_guides_the_six_steps_and_links_back_to_the_case()
    {
        var code = await MediationTests.MediatingCaseAsync(app);
        using var client = await PageClient.LoginAsync(app, "mediator");
        var html = await client.GetStringAsync($"/cases/{code}/mediation");
        html.ShouldContain($"href=\"/cases/{code}\"");
        html.ShouldContain("data-testid=\"session-form\"");
        html.ShouldContain("不超过 10 MB");

        var token = await PageClient.AntiforgeryTokenAsync(client, $"/cases/{code}/mediation");
        using var scheduled = await client.PostAsync($"/cases/{code}/mediation?handler=Session", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Session.StartsAt"] = "2026-11-23T09:00",
            ["Session.Place"] = "文昌街道调解室",
            ["Session.Attendees"] = "张小华、物业公司代表",
        }));
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await scheduled.Content.ReadAsStringAsync());
        html = await client.GetStringAsync($"/cases/{code}/mediation");
        foreach (var prompt in new[] { "听：让双方充分陈述", "辨：查明事实、分清是非", "劝：释法说理", "借：借助六尺巷典故、典型案例", "让：引导互谅互让", "和：达成和解、握手言和" })
        {
            html.ShouldContain(prompt);
        }

        html.ShouldContain("已完成 0 / 6 步");
        await using var db = app.SystemDb();
        var session = await db.MediationSessions.SingleAsync(s => db.Cases.Any(c => c.Id == s.CaseId && c.Code == code));
        session.StartsAt.ShouldBe(new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc));

        using var step = await client.PostAsync($"/cases/{code}/mediation?handler=Step", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["sessionId"] = session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["step"] = "Listen",
            ["StepNotes"] = "双方各自陈述了漏水经过",
        }));
        step.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetStringAsync($"/cases/{code}/mediation")).ShouldContain("已完成 1 / 6 步");
    }

    [Fact]
    public async Task A_form_error_is_shown_beside_its_field_and_a_fake_file_is_not_saved()
    {
        var code = await MediationTests.MediatingCaseAsync(app);
        using var client = await PageClient.LoginAsync(app, "clerk");
        var token = await PageClient.AntiforgeryTokenAsync(client, $"/cases/{code}/mediation");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("照片"), "Description" },
        };
        var file = new ByteArrayContent("not a jpeg"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "upload", "现场.jpg");
        using var response = await client.PostAsync($"/cases/{code}/mediation?handler=Evidence", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("is-invalid\" id=\"upload\"");
        html.ShouldContain("文件内容与扩展名“.jpg”不符");
        await using var db = app.SystemDb();
        (await db.Evidence.CountAsync(e => db.Cases.Any(c => c.Id == e.CaseId && c.Code == code))).ShouldBe(0);
    }

    [Fact]
    public async Task The_page_upload_needs_the_antiforgery_token()
    {
        var code = await MediationTests.MediatingCaseAsync(app);
        using var client = await PageClient.LoginAsync(app, "clerk");
        using var response = await client.PostAsync($"/cases/{code}/mediation?handler=Evidence", EvidenceContent.Pdf("csrf"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_bearer_upload_endpoint_does_not_accept_a_cookie_session()
    {
        var code = await MediationTests.MediatingCaseAsync(app);
        using var client = await PageClient.LoginAsync(app, "clerk");
        using var response = await client.PostAsync($"/api/cases/{code}/evidence", EvidenceContent.Pdf("cookie"));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("longmian.clerk", HttpStatusCode.NotFound)]
    [InlineData("gridworker", HttpStatusCode.Redirect)] // the role is refused before any case is looked up
    [InlineData("xiyuan.gridworker", HttpStatusCode.Redirect)]
    public async Task The_workspace_does_not_exist_outside_the_scope_and_is_closed_to_other_roles(string user, HttpStatusCode expected)
    {
        var code = await MediationTests.MediatingCaseAsync(app);
        using var client = await PageClient.LoginAsync(app, user);
        using var response = await client.GetAsync($"/cases/{code}/mediation");
        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.ToString().ShouldContain("/denied");
        }
    }
}
