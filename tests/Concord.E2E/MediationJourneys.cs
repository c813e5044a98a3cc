using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class MediationJourneys(BrowserFixture app)
{
    [Fact]
    public async Task A_case_goes_from_the_window_through_the_mediation_workspace_to_a_printed_agreement()
    {
        // The clerk registers, accepts and routes to 文昌街道人民调解委员会 on the case page.
        var clerk = await app.LoginAsync("clerk");
        var code = await IntakeForm.RegisterAsync(clerk, new Dispute("02", "邻里排水纠纷" + Random.Shared.Next(1000, 9999),
            "两户邻居因排水沟堵塞互相指责，多次争吵。", "汪大明", Respondent: "吕小红"));
        await clerk.ClickAsync("button:has-text('受理')");
        await clerk.WaitForSelectorAsync("[data-testid=route-form]");
        await clerk.SelectOptionAsync("#orgUnitId", new SelectOptionValue { Label = "文昌街道人民调解委员会（人民调解委员会）" });
        await clerk.FillAsync("#overrideReason", "街道调委会统一调处");
        await clerk.ClickAsync("[data-testid=route-form] button[type=submit]");
        await clerk.WaitForSelectorAsync("[data-testid=case-status]:has-text('已分流')");
        await clerk.Context.CloseAsync();

        // The committee's mediator accepts and records the first step of a session.
        var mediator = await app.LoginAsync("mediator");
        await mediator.GotoAsync($"/cases/{code}");
        await mediator.ClickAsync("button:has-text('接收承办')");
        await mediator.WaitForSelectorAsync("[data-testid=case-status]:has-text('调解中')");
        await mediator.GotoAsync($"/cases/{code}/mediation");
        await mediator.FillAsync("#startsAt", DateTime.Now.AddHours(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await mediator.FillAsync("#place", "文昌街道调解室");
        await mediator.FillAsync("#attendees", "汪大明、吕小红");
        await mediator.ClickAsync("[data-testid=session-form] button[type=submit]");
        await mediator.WaitForSelectorAsync("[data-testid=session-1]");
        var listen = mediator.Locator("[data-testid=session-1] form").First;
        await listen.Locator("textarea").FillAsync("双方各自陈述了排水沟堵塞的经过。");
        await listen.Locator("button[type=submit]").ClickAsync();
        (await mediator.TextContentAsync("[data-testid=steps-completed]"))!.ShouldContain("已完成 1 / 6 步");
        await BrowserFixture.ScreenshotAsync(mediator, "5-mediation-workspace");

        // The agreement: art. 29 form, both signatures, then it takes effect.
        await mediator.GotoAsync($"/cases/{code}/agreement");
        await mediator.FillAsync("#facts", "两户共用排水沟堵塞，雨天积水。");
        await mediator.FillAsync("#disputedItems", "疏通费用由谁承担。");
        await mediator.FillAsync("#responsibility", "双方共同使用，责任均等。");
        await mediator.FillAsync("#terms", "双方各承担疏通费用一半。\n今后每年雨季前共同清理一次。");
        await mediator.FillAsync("#performanceMethod", "现金支付给施工方");
        await mediator.FillAsync("#performancePlace", "西苑小区");
        await mediator.FillAsync("#performanceDeadline", DateTime.Now.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await mediator.ClickAsync("[data-testid=agreement-form] button[type=submit]");
        await mediator.WaitForSelectorAsync("[data-testid=signatures]");
        while (await mediator.Locator("button:has-text('登记签名')").CountAsync() > 0)
        {
            await mediator.Locator("button:has-text('登记签名')").First.ClickAsync();
            await mediator.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        mediator.Dialog += (_, dialog) => dialog.AcceptAsync();
        await mediator.ClickAsync("button:has-text('确认协议生效')");
        await mediator.WaitForSelectorAsync("[data-testid=agreement-effective]");
        (await mediator.TextContentAsync("[data-testid=case-status]"))!.ShouldContain("已达成协议");

        await mediator.GotoAsync($"/cases/{code}/documents/agreement");
        var document = await mediator.ContentAsync();
        document.ShouldContain("人民调解协议书");
        document.ShouldContain("双方各承担疏通费用一半");
        document.ShouldContain(code);
        await BrowserFixture.ScreenshotAsync(mediator, "6-agreement-printable");
        await mediator.Context.CloseAsync();
    }
}
