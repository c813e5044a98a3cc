using System.Net;
using System.Text.RegularExpressions;
using Concord.Domain.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Deadlines;

/// <summary>The inbox, supervision and calendar pages do what their APIs do.</summary>
[Collection(DeadlinesCollection.Name)]
public sealed partial class DeadlinePagesTests(ConcordFactory app)
{
    [Fact]
    public async Task The_top_bar_counts_unread_messages_and_the_inbox_page_marks_one_read()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2041));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(-1));
        await using var db = app.SystemDb();
        var id = await db.Notifications.Where(n => n.CaseCode == d.Code).Select(n => n.Id).SingleAsync();

        using var client = await PageClient.LoginAsync(app, "clerk");
        var html = await client.GetStringAsync("/inbox");
        html.ShouldContain($"案件 {d.Code} 的调解期限将于");
        var before = int.Parse(UnreadBadge().Match(html).Groups[1].Value);
        before.ShouldBeGreaterThan(0);

        var token = await PageClient.AntiforgeryTokenAsync(client, "/inbox");
        using var read = await client.PostAsync("/inbox?handler=Read", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        read.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id)).ReadAt.ShouldNotBeNull();
        var after = UnreadBadge().Match(await client.GetStringAsync("/inbox"));
        (after.Success ? int.Parse(after.Groups[1].Value) : 0).ShouldBe(before - 1);
    }

    [Fact]
    public async Task The_supervisor_resolves_a_task_on_the_supervision_page_and_an_empty_note_is_shown_beside_the_field()
    {
        var d = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2042));
        await app.Sweeper().SweepOnceAsync(d.DueAt.AddDays(3).AddMinutes(1));
        await using var db = app.SystemDb();
        var id = await db.SupervisionTasks.Where(t => t.CaseId == d.CaseId).Select(t => t.Id).SingleAsync();

        using var client = await PageClient.LoginAsync(app, "supervisor");
        (await client.GetStringAsync("/supervision")).ShouldContain(d.Code);
        var token = await PageClient.AntiforgeryTokenAsync(client, "/supervision");
        using var empty = await client.PostAsync("/supervision?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["note"] = "",
        }));
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("请填写督办结果。");

        using var done = await client.PostAsync("/supervision?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["note"] = "已督促办结",
        }));
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.SupervisionTasks.AsNoTracking().SingleAsync(t => t.Id == id)).Resolution.ShouldBe("已督促办结");
    }

    [Fact]
    public async Task The_calendar_page_saves_a_year_typed_one_holiday_per_line()
    {
        using var client = await PageClient.LoginAsync(app, "sysadmin");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/admin/calendar");
        using var bad = await client.PostAsync("/admin/calendar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Year"] = "2096",
            ["Notice"] = "测试通知",
            ["Lines"] = "春节 2096-02-0x",
        }));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("第 1 行格式不正确");

        using var saved = await client.PostAsync("/admin/calendar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Year"] = "2096",
            ["Notice"] = "测试通知",
            ["Lines"] = "元旦 2096-01-01 2096-01-01\n春节 2096-01-24 2096-01-31 2096-01-21",
        }));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await client.GetStringAsync("/admin/calendar?year=2096");
        page.ShouldContain("2096-01-24 至 2096-01-31");
    }

    [GeneratedRegex("data-testid=\"unread-count\">(\\d+)<")]
    private static partial Regex UnreadBadge();
}
