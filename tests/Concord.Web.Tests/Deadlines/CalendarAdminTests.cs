using System.Net;
using System.Net.Http.Json;
using Concord.Web.Calendar;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Deadlines;

/// <summary>工作日历: published and provisional years, and the system administrator entering a year's schedule.</summary>
[Collection(DeadlinesCollection.Name)]
public sealed class CalendarAdminTests(ConcordFactory app)
{
    [Fact]
    public async Task A_year_without_a_published_schedule_is_provisional_with_a_notice_on_the_api_and_the_page()
    {
        using var sysadmin = await app.LoginAsync("sysadmin");
        var year = await (await sysadmin.GetAsync("/api/admin/calendar/2099")).ReadJsonAsync();
        year["published"]!.GetValue<bool>().ShouldBeFalse();
        year["provisionalNotice"]!.GetValue<string>().ShouldBe("2099 年尚未录入国务院放假安排，暂按周末计算。");

        var y2026 = await (await sysadmin.GetAsync("/api/admin/calendar/2026")).ReadJsonAsync();
        y2026["published"]!.GetValue<bool>().ShouldBeTrue();
        y2026["holidays"]!.AsArray().ShouldContain(h => h!["name"]!.GetValue<string>() == "春节");

        using var page = await PageClient.LoginAsync(app, "sysadmin");
        var html = await page.GetStringAsync("/admin/calendar");
        html.ShouldContain("2026 年");
        html.ShouldContain("尚未录入国务院放假安排，暂按周末计算");
    }

    [Fact]
    public async Task The_system_administrator_enters_a_years_schedule_and_working_days_follow_it()
    {
        using var sysadmin = await app.LoginAsync("sysadmin");
        using var saved = await sysadmin.PutAsJsonAsync("/api/admin/calendar/2098", new
        {
            notice = "测试通知",
            holidays = new[] { new { name = "元旦", first = "2098-01-01", last = "2098-01-03", makeUpDays = new[] { "2098-01-04" } } },
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        (await saved.ReadJsonAsync())["published"]!.GetValue<bool>().ShouldBeTrue();
        var calendar = app.Services.GetRequiredService<CalendarService>().Current;
        calendar.IsProvisional(2098).ShouldBeFalse();
        calendar.IsWorkingDay(new DateOnly(2098, 1, 4)).ShouldBeTrue("a make-up workday on a Saturday");

        using var contradiction = await sysadmin.PutAsJsonAsync("/api/admin/calendar/2097", new
        {
            notice = "测试通知",
            holidays = new[] { new { name = "元旦", first = "2097-01-01", last = "2097-01-03", makeUpDays = new[] { "2097-01-02" } } },
        });
        contradiction.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await contradiction.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("calendar_contradiction");
        calendar.IsProvisional(2097).ShouldBeTrue();
    }

    [Theory]
    [InlineData("clerk")]
    [InlineData("supervisor")]
    [InlineData("secadmin")]
    public async Task Only_the_system_administrator_manages_the_calendar(string user)
    {
        using var client = await app.LoginAsync(user);
        (await client.GetAsync("/api/admin/calendar/2026")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
