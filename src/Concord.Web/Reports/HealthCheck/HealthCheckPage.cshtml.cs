using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Reports.HealthCheck;

/// <summary>/reports/health-check: the printable 体检表 (A4 landscape) with a link to the .xlsx.</summary>
[Authorize(Policy = nameof(Permission.ReportsRead))]
public sealed class HealthCheckPageModel(HealthCheck.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public HealthCheck.Result? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(new HealthCheck.Query(Place, Period, Kind), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }

        return Page();
    }

    public static string Show(HealthCheck.Column column, double? value) => value is not { } v ? "—"
        : column.Format == HealthCheck.Format.Percent ? (v * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%"
        : v.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
