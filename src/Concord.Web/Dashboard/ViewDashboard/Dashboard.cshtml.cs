using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Dashboard.ViewDashboard;

/// <summary>/dashboard: 领导驾驶舱 of a place (the user's own by default), the same handler as GET /api/dashboard.</summary>
[Authorize(Policy = nameof(Permission.DashboardRead))]
public sealed class DashboardModel(ViewDashboard.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public ViewDashboard.Result Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(() => Page(), ct);

    /// <summary>htmx: the KPI cards, refreshed when the live feed says figures changed.</summary>
    public async Task<IActionResult> OnGetKpisAsync(CancellationToken ct) => await LoadAsync(() => Partial("_Kpis", this), ct);

    /// <summary>htmx: the red-flag list, refreshed by the live feed.</summary>
    public async Task<IActionResult> OnGetRedFlagsAsync(CancellationToken ct) => await LoadAsync(() => Partial("_RedFlags", this), ct);

    /// <summary>The case-list page for a figure's filter.</summary>
    public static string CasesUrl(ViewDashboard.Count count) => count.Cases is null ? "#" : "/cases?" + count.Cases;

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    private async Task<IActionResult> LoadAsync(Func<IActionResult> result, CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(new ViewDashboard.Query(Place, From, To), ct);
            return result();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ShowErrors(ex);
            From = null;
            To = null;
            Result = await handler.HandleAsync(new ViewDashboard.Query(Place, null, null), ct);
            return result();
        }
    }
}
