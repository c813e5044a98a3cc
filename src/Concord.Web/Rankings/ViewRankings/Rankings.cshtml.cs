using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Rankings.ViewRankings;

/// <summary>/rankings: 月晾晒、季排位 of the places below a place, with how each indicator is computed.</summary>
[Authorize(Policy = nameof(Permission.RankingsRead))]
public sealed class RankingsModel(ViewRankings.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public ViewRankings.Result? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(new ViewRankings.Query(Place, Period, Kind), ct);
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

    public static string Show(string key, double? value) => value is not { } v ? "—" : key switch
    {
        "intakePer10k" or "overduePer100" => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        "caseMixSuccess" => (v * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " 个百分点",
        _ => (v * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%",
    };

    public static string Delta(string key, double? delta) => delta is not { } d ? "" : key switch
    {
        "intakePer10k" or "overduePer100" => d.ToString("+0.00;-0.00;±0", System.Globalization.CultureInfo.InvariantCulture),
        _ => (d * 100).ToString("+0.0;-0.0;±0", System.Globalization.CultureInfo.InvariantCulture) + (key == "caseMixSuccess" ? "" : "pp"),
    };
}
