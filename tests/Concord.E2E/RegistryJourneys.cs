using System.Text;
using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class RegistryJourneys(BrowserFixture app)
{
    [Fact]
    public async Task A_clerk_downloads_the_places_template_uploads_it_with_a_bad_row_and_reads_the_report_nothing_saved()
    {
        var clerk = await app.LoginAsync("clerk");
        await clerk.GotoAsync("/registry");
        await clerk.ClickAsync("text=批量导入");
        await clerk.ClickAsync("text=场所建筑（地）");

        var download = await clerk.RunAndWaitForDownloadAsync(() => clerk.ClickAsync("[data-testid=template-csv]"));
        var template = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        var header = template.TrimStart('\uFEFF').Split('\n')[0].Trim();
        header.ShouldBe("名称,场所类型,所在村（社区）或网格编码,地址,纬度,经度");

        var marker = "旅" + Random.Shared.Next(100000, 999999);
        var filled = $"{header}\r\n{marker}广场,公共场所,340881002003001,西苑路1号,,\r\n{marker}城堡,城堡,340881002003001,西苑路2号,31.05,\r\n";
        await clerk.SetInputFilesAsync("[data-testid=import-file]", new FilePayload { Name = "场所.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(filled) });
        await clerk.ClickAsync("#import-submit");

        await clerk.WaitForSelectorAsync("[data-testid=import-errors]");
        (await clerk.TextContentAsync("[data-testid=import-result]"))!.ShouldContain("没有保存任何数据");
        var errors = await clerk.TextContentAsync("[data-testid=import-errors]");
        errors!.ShouldContain("场所类型");
        errors!.ShouldContain("经度和纬度须同时填写或同时留空。");
        var report = await clerk.RunAndWaitForDownloadAsync(() => clerk.ClickAsync("[data-testid=report-csv]"));
        (await File.ReadAllTextAsync((await report.PathAsync())!, Encoding.UTF8)).ShouldContain("3,场所类型,");
        await BrowserFixture.ScreenshotAsync(clerk, "registry-import-report");

        await clerk.GotoAsync($"/registry/places?q={marker}");
        (await clerk.TextContentAsync("[data-testid=registry-table]"))!.ShouldContain("没有符合条件的场所");
        await clerk.Context.CloseAsync();
    }
}
