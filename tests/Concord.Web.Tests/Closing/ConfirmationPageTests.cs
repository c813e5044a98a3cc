using System.Net;
using Concord.Domain.Cases;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Closing;

/// <summary>司法确认 and reopening on the case page, through the same handlers as the API.</summary>
[Collection(AppCollection.Name)]
public sealed class ConfirmationPageTests(ConcordFactory app)
{
    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    [Fact]
    public async Task A_clerk_applies_for_judicial_confirmation_only_within_the_window_and_records_it_confirmed_on_the_case_page()
    {
        using var api = await app.LoginAsync("clerk");
        var code = await api.RegisterCaseAsync(CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]));
        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Code == code);
            c.Status = CaseStatus.Agreed; // arranged: the agreement slice has its own tests
            db.Audit("test.arranged", "Case", code, new { status = "Agreed" });
            await db.SaveChangesAsync();
        }

        using var page = await PageClient.LoginAsync(app, "clerk");
        var html = await page.GetStringAsync($"/cases/{code}");
        html.ShouldContain("data-testid=\"apply-confirmation\"");
        html.ShouldContain("协议尚未生效"); // no agreement in force yet: the window cannot be counted
        var token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        using (var refused = await page.PostAsync($"/cases/{code}?handler=ApplyConfirmation", Form(token, ("Court", "桐城市人民法院"))))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("30 日内申请");
        }

        await using (var db = app.SystemDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Code == code);
            db.Agreements.Add(new Concord.Web.Agreements.Agreement
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                Facts = "f",
                DisputedItems = "d",
                Responsibility = "r",
                Terms = "t",
                PerformanceMethod = "m",
                PerformancePlace = "p",
                PerformanceDeadline = new DateOnly(2026, 12, 31),
                DraftedAt = DateTime.UtcNow,
                FinalisedAt = DateTime.UtcNow,
                EffectiveAt = DateTime.UtcNow.AddDays(-2),
            });
            db.Audit("test.arranged", "Case", code, new { agreement = "in force" });
            await db.SaveChangesAsync();
        }

        token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        (await page.PostAsync($"/cases/{code}?handler=ApplyConfirmation", Form(token, ("Court", "桐城市人民法院")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        html = await page.GetStringAsync($"/cases/{code}");
        html.ShouldContain("data-testid=\"confirmation-outcome\"");
        token = await PageClient.AntiforgeryTokenAsync(page, $"/cases/{code}");
        (await page.PostAsync($"/cases/{code}?handler=ConfirmationOutcome", Form(token, ("Outcome", "confirmed"), ("PerformanceDeadline", "2026-12-31")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = app.SystemDb())
        {
            (await db.Cases.AsNoTracking().SingleAsync(x => x.Code == code)).Status.ShouldBe(CaseStatus.FollowUp);
        }
    }
}
