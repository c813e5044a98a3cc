using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Grids;

/// <summary>The grid page's 在办事件: the events module's open events of that grid, newest first, linked to the event and to the filtered list.</summary>
[Collection(AppCollection.Name)]
public sealed partial class GridEventsTests(ConcordFactory app)
{
    /// <summary>Another grid of the same village: inside the 网格长's scope, so only the grid filter keeps it off.</summary>
    private const string XiyuanSecondGrid = "340881002003002";

    [GeneratedRegex("""<li[^>]*data-code="(?<code>[^"]+)"[^>]*>(?<body>.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex Rows();

    private static Dictionary<string, string> EventRows(string html)
    {
        var section = html[html.IndexOf("data-testid=\"grid-events\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</ul>", StringComparison.Ordinal)];
        return Rows().Matches(section).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["body"].Value);
    }

    [Fact]
    public async Task The_grid_page_lists_the_open_events_of_that_grid_and_not_those_of_another_grid_or_closed_ones()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var leader = await app.LoginAsync("gridleader");
        using var clerk = await app.LoginAsync("clerk");
        var open = await worker.ReportEventAsync(EventRequests.Body());
        var overdue = await worker.ReportEventAsync(EventRequests.Body(item: "010101", text: "西苑路口暴露垃圾一堆"));
        var closed = await worker.ReportEventAsync(EventRequests.Body());
        var elsewhere = await clerk.ReportEventAsync(EventRequests.Body(region: XiyuanSecondGrid));
        using (var handled = await worker.PostAsJsonAsync($"/api/events/{closed}/handle", new { note = "已补装", photos = new JsonArray { EventRequests.Photo() } }))
        {
            handled.EnsureSuccessStatusCode();
        }

        (await leader.PostAsync($"/api/events/{closed}/handling/accept", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        // The grid's handling deadline ran out an hour ago.
        await EventRequests.MoveRunningDeadlineAsync(app, overdue, DateTime.UtcNow.AddHours(-1));

        using var page = await PageClient.LoginAsync(app, "gridleader");
        var html = await page.GetStringAsync($"/grids/{CaseRequests.XiyuanGrid}");
        var rows = EventRows(html);
        rows.Keys.ShouldContain(open);
        rows.Keys.ShouldContain(overdue);
        rows.Keys.ShouldNotContain(closed);
        rows.Keys.ShouldNotContain(elsewhere);
        rows[open].ShouldContain($"href=\"/events/{open}\"");
        rows[open].ShouldContain("井盖缺失");
        rows[open].ShouldContain("待处置");
        rows[open].ShouldNotContain("已超期");
        rows[overdue].ShouldContain("暴露垃圾");
        rows[overdue].ShouldContain("已超期");
        // Newest first.
        rows.Keys.ToList().IndexOf(overdue).ShouldBeLessThan(rows.Keys.ToList().IndexOf(open));

        // "All of them" is the event list filtered by this grid, which shows the same.
        var all = $"/events?status=open&region={CaseRequests.XiyuanGrid}";
        html.ShouldContain($"href=\"{all.Replace("&", "&amp;", StringComparison.Ordinal)}\"");
        var list = await page.GetStringAsync(all);
        list.ShouldContain(open);
        list.ShouldNotContain(elsewhere);
        list.ShouldNotContain(closed);

        // The other grid's page has its event and none of these.
        var other = EventRows(await page.GetStringAsync($"/grids/{XiyuanSecondGrid}"));
        other.Keys.ShouldContain(elsewhere);
        other.Keys.ShouldNotContain(open);
    }
}
