using System.Text;
using Microsoft.Playwright;

namespace Concord.E2E;

[Collection(BrowserCollection.Name)]
public sealed class EventJourneys(BrowserFixture app)
{
    private static FilePayload Jpeg(string name) => new()
    {
        Name = name,
        MimeType = "image/jpeg",
        Buffer = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("JFIF " + Guid.NewGuid().ToString("N")), 0xFF, 0xD9],
    };

    [Fact]
    public async Task A_grid_worker_escalates_the_centre_dispatches_the_department_answers_and_the_centre_closes_the_event()
    {
        // 网格员: 随手拍 with a photo, then 报大事.
        var worker = await app.LoginAsync("xiyuan.gridworker");
        await worker.GotoAsync("/events/new");
        await worker.SelectOptionAsync("#itemCode", "060201");
        var marker = "井盖缺失" + Random.Shared.Next(1000, 9999);
        await worker.FillAsync("#text", $"{marker}：人民路口人行道井盖缺失，已用锥桶围挡。");
        await worker.SelectOptionAsync("#regionCode", "340881002003001");
        await worker.FillAsync("#address", "人民路与西苑路交叉口");
        await worker.SetInputFilesAsync("#photos", Jpeg("现场.jpg"));
        await worker.ClickAsync("[data-testid=submit-event]");
        await worker.WaitForURLAsync(url => url.Contains("/events/E340881-", StringComparison.Ordinal));
        var code = (await worker.TextContentAsync("[data-testid=event-code]"))!.Trim();
        (await worker.TextContentAsync("[data-testid=event-status]"))!.ShouldBe("待处置");
        await worker.ClickAsync("button:has-text('上报中心')");
        await worker.WaitForSelectorAsync("[data-testid=event-status]:has-text('已上报待派遣')");
        await worker.Context.CloseAsync();

        // 中心: the dispatch console, then dispatch to the suggested department.
        var clerk = await app.LoginAsync("clerk");
        await clerk.GotoAsync("/events/dispatch");
        await clerk.ClickAsync($"[data-testid=to-dispatch] a:has-text('{code}')");
        (await clerk.InputValueAsync("[data-testid=department-select]")).ShouldNotBeEmpty();
        (await clerk.TextContentAsync("[data-testid=department-select] option:checked"))!.ShouldContain("住房和城乡建设局");
        await clerk.ClickAsync("[data-testid=dispatch]");
        await clerk.WaitForSelectorAsync("[data-testid=event-status]:has-text('已派遣待办理')");

        // 部门: the inbox, the reply with a photo.
        var department = await app.LoginAsync("department");
        await department.GotoAsync("/events/inbox");
        await department.ClickAsync($"[data-testid=to-handle] a:has-text('{code}')");
        await department.FillAsync("[data-testid=reply-text]", "已安排施工队更换新井盖，现场恢复通行。");
        await department.SetInputFilesAsync("#reply-photos", Jpeg("更换后.jpg"));
        await department.ClickAsync("[data-testid=reply]");
        await department.WaitForSelectorAsync("[data-testid=event-status]:has-text('部门已反馈待核查')");
        await BrowserFixture.ScreenshotAsync(department, "6-event-department-reply");
        await department.Context.CloseAsync();

        // 中心: verify and close.
        await clerk.GotoAsync($"/events/{code}");
        (await clerk.TextContentAsync("[data-testid=event-timeline]"))!.ShouldContain("已安排施工队更换新井盖");
        await clerk.ClickAsync("[data-testid=accept]");
        await clerk.WaitForSelectorAsync("[data-testid=event-status]:has-text('已办结')");
        (await clerk.TextContentAsync("[data-testid=toast]"))!.ShouldContain("办结");
        await BrowserFixture.ScreenshotAsync(clerk, "6-event-closed");
        await clerk.Context.CloseAsync();
    }
}
