using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Rankings.SetPopulation;

/// <summary>/admin/population: the resident populations behind the rankings' per-10,000 figures, place by place.</summary>
[Authorize(Policy = nameof(Permission.RegionsManage))]
public sealed class PopulationModel(SetPopulation.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    public SetPopulation.Listing? Listing { get; private set; }

    /// <summary>The row whose save failed, and what was typed there (shown again beside its message).</summary>
    public string? FailedCode { get; private set; }

    public string? FailedValue { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Listing = await handler.ListAsync(Place, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(string code, string? population, CancellationToken ct)
    {
        int? value = null;
        if (!string.IsNullOrWhiteSpace(population))
        {
            if (!int.TryParse(population.Trim().Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return await FailAsync(code, population, new ValidationFailedException(new Dictionary<string, string[]> { ["population"] = ["请填写不含小数的人口数，未知请留空。"] }), ct);
            }

            value = parsed;
        }

        try
        {
            await handler.HandleAsync(code, new SetPopulation.Request(value), ct);
            Toast(value is null ? "已清除该地的常住人口（排名中每万人指标将显示“—”）。" : $"已保存常住人口 {value:N0} 人。");
            return RedirectToPage(new { place = Place });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            return await FailAsync(code, population, ex, ct);
        }
    }

    private async Task<IActionResult> FailAsync(string code, string? typed, DomainException ex, CancellationToken ct)
    {
        ShowErrors(ex);
        FailedCode = code;
        FailedValue = typed;
        Listing = await handler.ListAsync(Place, ct);
        return Page();
    }
}
