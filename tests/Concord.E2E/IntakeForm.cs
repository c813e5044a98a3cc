using Microsoft.Playwright;

namespace Concord.E2E;

/// <summary>A dispute as a clerk types it into the registration page (登记纠纷).</summary>
public sealed record Dispute(
    string CategoryCode,
    string Summary,
    string Narrative,
    string Applicant,
    string? ApplicantIdNumber = null,
    string? ApplicantPhone = null,
    string? Respondent = null,
    bool RespondentIsOrganisation = false,
    string VillageCode = "340881002003");

/// <summary>The registration page, driven the way a clerk uses it; one place for every journey.</summary>
public static class IntakeForm
{
    public static async Task FillAndSubmitAsync(IPage page, Dispute d)
    {
        await page.GotoAsync("/cases/new");
        await page.SelectOptionAsync("#categoryCode", d.CategoryCode);
        await page.FillAsync("#summary", d.Summary);
        await page.FillAsync("#narrative", d.Narrative);
        await page.SelectOptionAsync("#villageCode", d.VillageCode);
        await page.FillAsync("#p0name", d.Applicant);
        if (d.ApplicantIdNumber is not null)
        {
            await page.FillAsync("#p0id", d.ApplicantIdNumber);
        }

        if (d.ApplicantPhone is not null)
        {
            await page.FillAsync("#p0phone", d.ApplicantPhone);
        }

        if (d.RespondentIsOrganisation)
        {
            await page.SelectOptionAsync("#p1kind", "organisation");
        }

        if (d.Respondent is not null)
        {
            await page.FillAsync("#p1name", d.Respondent);
        }

        await page.ClickAsync("button[type=submit]:has-text('登记')");
    }

    /// <summary>Registers the dispute and returns its case code from the case page it lands on.</summary>
    public static async Task<string> RegisterAsync(IPage page, Dispute d)
    {
        await FillAndSubmitAsync(page, d);
        await page.WaitForURLAsync("**/cases/340881-*");
        return (await page.TextContentAsync("[data-testid=case-code]"))!.Trim();
    }
}
