using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class WindowIntakeJourneys(BrowserFixture app)
{
    [Fact]
    public async Task A_clerk_registers_a_dispute_finds_it_by_a_two_character_keyword_and_sees_its_timeline()
    {
        var page = await app.LoginAsync("clerk");
        var marker = "停车" + Random.Shared.Next(1000, 9999);
        var code = await IntakeForm.RegisterAsync(page, new Dispute("07", $"{marker} 物业费纠纷", "业主反映小区物业公司乱收停车费，双方多次协商未果。",
            "张建华", "340881198001010013", "13800001234", "桐城某物业服务有限公司", RespondentIsOrganisation: true));
        code.ShouldMatch(@"^340881-\d{4}-\d{6}$");
        (await page.TextContentAsync("[data-testid=toast]"))!.ShouldContain(code);
        await BrowserFixture.ScreenshotAsync(page, "1-registered");

        await page.GotoAsync("/cases?q=" + Uri.EscapeDataString("物业"));
        await page.Locator($"[data-testid=case-table] a:has-text('{code}')").First.ClickAsync();
        await page.WaitForURLAsync($"**/cases/{code}");
        var timeline = await page.TextContentAsync("[data-testid=timeline]");
        timeline!.ShouldContain("窗口受理登记");
        var parties = await page.TextContentAsync("[data-testid=party-table]");
        parties!.ShouldContain("3408**********0013");
        parties!.ShouldContain("138****1234");
        parties!.ShouldNotContain("340881198001010013");
        await BrowserFixture.ScreenshotAsync(page, "1-found-by-keyword");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_grid_worker_of_another_village_cannot_see_the_case_at_all()
    {
        var clerk = await app.LoginAsync("clerk");
        var marker = "工资" + Random.Shared.Next(1000, 9999);
        var code = await IntakeForm.RegisterAsync(clerk, new Dispute("06", $"{marker} 拖欠工资", "务工人员反映某工地拖欠工资两个月。", "李明"));
        await clerk.Context.CloseAsync();

        var worker = await app.LoginAsync("gridworker");
        var response = await worker.GotoAsync($"/cases/{code}");
        response!.Status.ShouldBe(404);
        await worker.GotoAsync("/cases?q=" + Uri.EscapeDataString("工资"));
        (await worker.ContentAsync()).ShouldNotContain(code);
        (await worker.TextContentAsync("[data-testid=case-table]"))!.ShouldNotContain(marker);
        await BrowserFixture.ScreenshotAsync(worker, "2-other-village-sees-nothing");
        await worker.Context.CloseAsync();
    }

    [Fact]
    public async Task Bad_input_is_shown_beside_the_field_and_nothing_is_saved()
    {
        var page = await app.LoginAsync("clerk");
        var marker = "邻里" + Random.Shared.Next(1000, 9999);
        await IntakeForm.FillAndSubmitAsync(page, new Dispute("02", marker, "邻居之间因排水沟发生争执。", "王芳", "340881198001010012", "12345"));
        await page.WaitForSelectorAsync("[data-testid=form-error]");
        page.Url.ShouldEndWith("/cases/new");
        (await page.TextContentAsync("[data-field='parties[0].idNumber']"))!.ShouldContain("身份证号码格式或校验位不正确");
        (await page.TextContentAsync("[data-field='parties[0].phone']"))!.ShouldContain("联系电话");
        (await page.InputValueAsync("#summary")).ShouldBe(marker);
        await BrowserFixture.ScreenshotAsync(page, "3-bad-input");

        await page.GotoAsync("/cases?q=" + Uri.EscapeDataString(marker));
        (await page.TextContentAsync("[data-testid=case-total]"))!.ShouldContain("共 0 条");
        await page.Context.CloseAsync();
    }
}
