using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class CitizenJourneys(BrowserFixture app)
{
    [Fact]
    public async Task A_party_tracks_the_case_with_its_code_and_the_last_four_phone_digits_and_reads_what_happens_next()
    {
        var clerk = await app.LoginAsync("clerk");
        var code = await IntakeForm.RegisterAsync(clerk, new Dispute("12", "民间借贷纠纷" + Random.Shared.Next(1000, 9999),
            "申请人称借给邻居五万元，到期未还，多次催讨无果。", "孙丽华", ApplicantPhone: "13955667788", Respondent: "周某"));
        await clerk.Context.CloseAsync();

        var citizen = await (await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        await citizen.GotoAsync("/track");
        await citizen.FillAsync("#code", code);
        await citizen.FillAsync("#phone", "0000");
        await citizen.ClickAsync("button[type=submit]");
        (await citizen.TextContentAsync("[data-testid=track-error]"))!.ShouldContain("没有找到");

        await citizen.FillAsync("#code", code);
        await citizen.FillAsync("#phone", "7788");
        await citizen.ClickAsync("button[type=submit]");
        var next = await citizen.TextContentAsync("[data-testid=next-step]");
        next!.ShouldContain("1 个工作日内");
        var result = await citizen.TextContentAsync("[data-testid=track-result]");
        result!.ShouldContain("纠纷已登记");
        result!.ShouldNotContain("孙丽华");
        result!.ShouldNotContain("王秀兰");
        await BrowserFixture.ScreenshotAsync(citizen, "4-citizen-tracking-phone");
        await citizen.Context.CloseAsync();
    }
}
