using System.Text.Json;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Concord.E2E;

/// <summary>
/// 掌上网格 on a phone-sized screen (390×844, touch, a fixed GPS position): a grid worker reports
/// an event with a photo while the network is cut, sees it wait in the send queue, reconnects,
/// and the server files it exactly once — even though the answer to the first send is lost.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneJourneys(BrowserFixture app)
{
    /// <summary>Beside 三里社区 (WGS-84), where the demo grid worker works.</summary>
    private static readonly Geolocation s_position = new() { Latitude = 31.0513f, Longitude = 116.9602f, Accuracy = 12 };

    /// <summary>A "camera" photo of 2400×1800 drawn in the browser (a JPEG as a phone would take it).</summary>
    private const string CameraPhotoScript = """
        () => {
          const c = document.createElement("canvas");
          c.width = 2400; c.height = 1800;
          const g = c.getContext("2d");
          const grad = g.createLinearGradient(0, 0, 2400, 1800);
          grad.addColorStop(0, "#6b7b8c"); grad.addColorStop(1, "#c9b79c");
          g.fillStyle = grad; g.fillRect(0, 0, 2400, 1800);
          g.fillStyle = "#222"; g.beginPath(); g.ellipse(1200, 1000, 420, 260, 0, 0, Math.PI * 2); g.fill();
          for (let i = 0; i < 4000; i++) { g.fillStyle = `hsl(${i % 360},40%,${30 + (i % 40)}%)`; g.fillRect((i * 7919) % 2400, (i * 104729) % 1800, 9, 9); }
          return c.toDataURL("image/jpeg", 0.95).split(",")[1];
        }
        """;

    private async Task<IPage> PhoneLoginAsync(string userName)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Geolocation = s_position,
            Permissions = ["geolocation"],
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?ReturnUrl=%2Fm%2Ftasks");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", "Concord@2026");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/m/tasks");
        return page;
    }

    private async Task<List<(string Code, string? Key, int Photos)>> EventsWithTextAsync(string text)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConcordDb>().ActAs(Actor.System());
        var rows = await db.GridEvents.AsNoTracking().Where(e => e.Text == text)
            .Select(e => new { e.Code, e.IdempotencyKey, Photos = e.Photos.Count }).ToListAsync();
        return [.. rows.Select(r => (r.Code, r.IdempotencyKey, r.Photos))];
    }

    [Fact]
    public async Task A_grid_worker_reports_with_a_photo_offline_and_the_event_arrives_exactly_once_even_when_an_answer_is_lost()
    {
        var page = await PhoneLoginAsync("gridworker");
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.TapAsync("[data-testid=nav-report]");
        await page.WaitForURLAsync("**/m/report");
        await page.Locator("[data-testid=geo-status]").Filter(new() { HasText = "已定位" }).WaitForAsync();
        (await page.TextContentAsync("[data-testid=geo-status]"))!.ShouldContain("精度约 12 米");
        var original = Convert.FromBase64String(await page.EvaluateAsync<string>(CameraPhotoScript));

        // The network goes; the worker carries on.
        await page.Context.SetOfflineAsync(true);
        await page.TapAsync("[data-testid=picker-open]");
        await page.FillAsync("[data-testid=picker-search]", "井盖");
        await page.Locator("details .picker-item[data-item='060201']").TapAsync();
        (await page.TextContentAsync("[data-picker-label]"))!.ShouldBe("市政设施 / 井盖 / 井盖缺失");
        var text = $"三里社区活动中心门前井盖缺失，已设临时围挡。#{Guid.NewGuid():N}"[..40];
        await page.FillAsync("[data-testid=report-text]", text);
        await page.SetInputFilesAsync("[data-testid=photo-input]", new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = original });
        await page.Locator("[data-testid=photo-preview]").WaitForAsync();
        await page.TapAsync("[data-testid=report-submit]");

        var badge = page.Locator("[data-testid=queue-badge]");
        await badge.Filter(new() { HasText = "待发送 1 条" }).WaitForAsync();
        var item = page.Locator("[data-testid=queue-item]").Filter(new() { HasText = text[..20] });
        (await item.Locator("[data-testid=queue-state]").TextContentAsync()).ShouldBe("待发送");
        (await item.TextContentAsync())!.ShouldContain("照片 1 张");
        (await EventsWithTextAsync(text)).ShouldBeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "phone-1-report-waiting-offline");

        // Back online — but the answer to the first send is lost after the server filed the report.
        var posts = 0;
        var firstStatus = 0;
        string? lastAnswer = null;
        await page.RouteAsync("**/api/events", async route =>
        {
            var response = await route.FetchAsync(); // the server handles the request …
            if (Interlocked.Increment(ref posts) == 1)
            {
                firstStatus = response.Status;
                await route.AbortAsync("connectionreset"); // … and the phone never hears back
            }
            else
            {
                lastAnswer = await response.TextAsync();
                await route.FulfillAsync(new() { Response = response });
            }
        });
        await page.Context.SetOfflineAsync(false);

        await item.Locator("[data-testid=queue-state]").Filter(new() { HasText = "已送达" }).WaitForAsync(new() { Timeout = 60_000 });
        await badge.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        var code = (await item.Locator("[data-testid=queue-code]").TextContentAsync())!;
        code.ShouldMatch(@"^E340881-\d{4}-\d{6}$");
        posts.ShouldBe(2);
        firstStatus.ShouldBe(201);
        using (var answer = JsonDocument.Parse(lastAnswer!))
        {
            answer.RootElement.GetProperty("code").GetString().ShouldBe(code);
            answer.RootElement.GetProperty("replayed").GetBoolean().ShouldBeTrue();
        }

        var stored = (await EventsWithTextAsync(text)).ShouldHaveSingleItem();
        stored.Code.ShouldBe(code);
        stored.Photos.ShouldBe(1);
        stored.Key.ShouldNotBeNullOrEmpty();
        await BrowserFixture.ScreenshotAsync(page, "phone-2-report-sent-once");

        // Opening the page again (the queue flushes on every load) files nothing new.
        await page.ReloadAsync();
        await page.Locator("[data-testid=queue-item] [data-testid=queue-state]").Filter(new() { HasText = "已送达" }).First.WaitForAsync();
        posts.ShouldBe(2);
        (await EventsWithTextAsync(text)).Count.ShouldBe(1);

        // The photo was downscaled in the phone before it was sent.
        var details = await page.APIRequest.GetAsync($"/api/events/{code}");
        using var json = JsonDocument.Parse(await details.TextAsync());
        var photo = json.RootElement.GetProperty("photos")[0];
        photo.GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        var bytes = await (await page.APIRequest.GetAsync(photo.GetProperty("url").GetString()!)).BodyAsync();
        var (width, height) = JpegSize(bytes);
        (width, height).ShouldBe((1600, 1200));
        bytes.Length.ShouldBeLessThan(original.Length);

        // (b) My tasks shows the new event as a card that opens it.
        await page.TapAsync("[data-testid=nav-tasks]");
        await page.WaitForURLAsync("**/m/tasks");
        var card = page.Locator($"[data-testid=event-tasks] [data-testid=event-task][data-code='{code}']");
        (await card.TextContentAsync())!.ShouldContain("井盖缺失");
        var box = (await card.BoundingBoxAsync())!;
        box.Height.ShouldBeGreaterThanOrEqualTo(44); // a thumb-sized target
        await BrowserFixture.ScreenshotAsync(page, "phone-3-my-tasks");
        await card.TapAsync();
        await page.WaitForURLAsync($"**/m/events/{code}");
        (await page.TextContentAsync("[data-testid=event-status]"))!.ShouldBe("待处置");
        (await page.Locator("[data-testid=event-photos] img").CountAsync()).ShouldBe(1);
        await BrowserFixture.ScreenshotAsync(page, "phone-4-event");
        scriptErrors.ShouldBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_a_location_the_report_asks_for_the_grid_and_an_address()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?ReturnUrl=%2Fm%2Freport");
        await page.FillAsync("#userName", "household");
        await page.FillAsync("#password", "Concord@2026");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/m/report");

        // No permission to locate: the page says so and the address becomes the location.
        await page.Locator("[data-testid=geo-status]").Filter(new() { HasText = "请选择网格并填写地址" }).WaitForAsync();
        await page.TapAsync("[data-testid=picker-open]");
        await page.FillAsync("[data-testid=picker-search]", "噪声");
        await page.Locator("details .picker-item:visible").First.TapAsync();
        var text = $"夜间施工噪声扰民 #{Guid.NewGuid():N}"[..24];
        await page.FillAsync("[data-testid=report-text]", text);
        await page.TapAsync("[data-testid=report-submit]");
        (await page.TextContentAsync("[data-error-for=address]"))!.ShouldContain("请填写地址或地标");
        (await EventsWithTextAsync(text)).ShouldBeEmpty();

        await page.FillAsync("[data-testid=report-address]", "西苑小区 3 栋南侧");
        await page.TapAsync("[data-testid=report-submit]");
        var item = page.Locator("[data-testid=queue-item]").Filter(new() { HasText = text[..10] });
        await item.Locator("[data-testid=queue-state]").Filter(new() { HasText = "已送达" }).WaitForAsync();
        (await EventsWithTextAsync(text)).ShouldHaveSingleItem();
        await BrowserFixture.ScreenshotAsync(page, "phone-5-report-by-address");
        await context.CloseAsync();
    }

    /// <summary>Width and height from a JPEG's start-of-frame segment.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            if (jpeg[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("No start-of-frame segment in the JPEG.");
    }
}
