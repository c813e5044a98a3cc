using System.Text.Json;
using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class DashboardJourneys(BrowserFixture app)
{
    private const string Longmian = "340881003";

    [Fact]
    public async Task A_county_leader_drills_down_from_the_county_to_a_village_and_its_cases_and_opens_one()
    {
        var page = await app.LoginAsync("county.clerk");
        var village = await LastVillageAsync(page);
        var code = await RegisterAsync(page, village, "邻里之间因宅基地界线发生争执。");

        await page.GotoAsync("/dashboard");
        (await page.TextContentAsync("[data-testid=place-name]"))!.ShouldBe("桐城市");
        await page.WaitForSelectorAsync("[data-testid=map] canvas");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-1-county");

        await page.ClickAsync($"[data-testid=child][data-code='{Longmian}'] [data-testid=child-link]");
        await page.WaitForURLAsync($"**/dashboard?place={Longmian}*");
        (await page.TextContentAsync("[data-testid=place-name]"))!.ShouldBe("龙眠街道");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-2-town");

        await page.ClickAsync($"[data-testid=child][data-code='{village}'] [data-testid=child-link]");
        await page.WaitForURLAsync($"**/dashboard?place={village}*");
        await page.WaitForSelectorAsync("[data-testid=village-cases]");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-3-village");

        await page.ClickAsync("[data-testid=village-cases]");
        await page.WaitForURLAsync("**/cases?*");
        (await page.TextContentAsync("[data-testid=figure-filters]"))!.ShouldContain(village);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-4-case-list");

        await page.Locator($"[data-testid=case-table] a:has-text('{code}')").First.ClickAsync();
        await page.WaitForURLAsync($"**/cases/{code}");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-5-case");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_red_flag_case_registered_elsewhere_appears_on_the_open_dashboard_without_reload()
    {
        var leader = await app.LoginAsync("county.clerk");
        await leader.GotoAsync("/dashboard");
        await leader.WaitForSelectorAsync("[data-testid=live-status][data-state=open]");
        var registrar = await app.LoginAsync("county.clerk");
        var village = await LastVillageAsync(registrar);
        var code = await RegisterAsync(registrar, village, "当事人情绪激动，扬言要跳楼，请立即处理。");

        // No navigation: the stream's message makes htmx reload the red-flag fragment.
        var url = leader.Url;
        await leader.WaitForSelectorAsync($"[data-testid=red-flags] a:has-text('{code}')");
        leader.Url.ShouldBe(url);
        await BrowserFixture.ScreenshotAsync(leader, "dashboard-6-live-red-flag");
        await registrar.Context.CloseAsync();
        await leader.Context.CloseAsync();
    }

    private static async Task<string> LastVillageAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync($"/api/dashboard?place={Longmian}");
        response.Status.ShouldBe(200);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()!)
            .Order(StringComparer.Ordinal).Last();
    }

    private static async Task<string> RegisterAsync(IPage page, string village, string narrative)
    {
        var serial = Random.Shared.Next(100, 999);
        var response = await page.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions
        {
            DataObject = new
            {
                channel = "window",
                categoryCode = "02",
                summary = "驾驶舱旅程" + serial,
                narrative = narrative + serial,
                villageCode = village,
                peopleInvolved = 2,
                parties = new object[]
                {
                    new { role = "applicant", kind = "person", name = "周立新" },
                    new { role = "respondent", kind = "person", name = "吴海" + serial },
                },
            },
        });
        var text = await response.TextAsync();
        response.Status.ShouldBe(201, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("code").GetString()!;
    }
}
