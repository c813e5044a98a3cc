using Concord.Web.Persistence;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class VisitJourneys(BrowserFixture app)
{
    [Fact]
    public async Task A_grid_worker_on_a_phone_opens_the_due_list_visits_a_household_with_the_phones_location_and_it_leaves_the_list()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        long householdId;
        var factory = app.Services.GetRequiredService<IDbContextFactory<ConcordDb>>();
        await using (var db = factory.CreateDbContext().ActAs(Actor.System()))
        {
            var household = new Household { RegionCode = "34088100200300101", Address = $"文昌街道西苑社区{marker}栋1单元101" };
            db.Households.Add(household);
            await db.SaveChangesAsync();
            householdId = household.Id;
        }

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Permissions = ["geolocation"],
            Geolocation = new Geolocation { Latitude = 31.0359f, Longitude = 116.9744f, Accuracy = 20 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "xiyuan.gridworker");
        await page.FillAsync("#password", "Concord@2026");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        await page.GotoAsync("/visits/due?all=true");
        var row = page.Locator($"[data-household='{householdId}']");
        (await row.TextContentAsync())!.ShouldContain("从未走访");
        await BrowserFixture.ScreenshotAsync(page, "visits-1-due-list-phone");
        await row.GetByRole(AriaRole.Link, new() { Name = "走访" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/visits/log", StringComparison.Ordinal));
        await page.Locator("[data-locate-status]").Filter(new() { HasTextString = "已定位" }).WaitForAsync();
        (await page.InputValueAsync("#householdId")).ShouldBe(householdId.ToString());
        await page.FillAsync("#findings", "家中一切正常，老人身体健康。");
        await page.Locator("label[for=followUpNeeded]").ClickAsync();
        await page.FillAsync("#followUpNote", "楼道灯损坏，需报修");
        await BrowserFixture.ScreenshotAsync(page, "visits-2-log-visit-phone");
        await page.ClickAsync("[data-testid=log-visit]");

        await page.WaitForURLAsync(url => url.EndsWith("/visits/due", StringComparison.Ordinal));
        (await page.TextContentAsync("[data-testid=toast]"))!.ShouldContain("走访已登记");
        await page.GotoAsync("/visits/due?all=true");
        (await page.Locator($"[data-household='{householdId}']").CountAsync()).ShouldBe(0);

        await using (var db = factory.CreateDbContext().ActAs(Actor.System()))
        {
            var visit = await db.Visits.SingleAsync(v => v.HouseholdId == householdId);
            visit.Latitude!.Value.ShouldBe(31.0359, 0.0001);
            visit.FollowUpNeeded.ShouldBeTrue();
            visit.FollowUpNote.ShouldBe("楼道灯损坏，需报修");
        }

        await context.CloseAsync();
    }
}
