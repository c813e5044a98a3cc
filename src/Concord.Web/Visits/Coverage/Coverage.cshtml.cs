using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.Coverage;

[Authorize(Policy = nameof(Permission.VisitsRead))]
public sealed class CoverageModel(Coverage.Handler handler) : ConcordPage
{
    public static readonly int[] DayChoices = [7, 14, 30, 60, 90];

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = Coverage.DefaultDays;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Coverage.Result? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(new Coverage.Query(Region, Days, PageNumber, 20), ct);
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

    public string Link(string region, int page = 1) => $"/visits/coverage?region={region}&days={Days}&page={page}";

    public static string RateClass(double rate) => rate switch
    {
        >= 0.9 => "bg-success",
        >= 0.6 => "bg-warning",
        _ => "bg-danger",
    };
}
