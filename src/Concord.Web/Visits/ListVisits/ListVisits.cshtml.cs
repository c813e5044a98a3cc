using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.ListVisits;

[Authorize(Policy = nameof(Permission.VisitsRead))]
public sealed class ListVisitsModel(ListVisits.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Grid { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Visitor { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = 20;

    public ListVisits.Result Result { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<ListVisits.VisitorOption> Visitors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Visitors = await handler.VisitorsAsync(ct);
        try
        {
            Result = await handler.HandleAsync(new ListVisits.Query(Grid, From, To, Visitor, PageNumber, PageSize), ct);
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

    public string PageLink(int page) =>
        $"/visits?grid={Grid}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&visitor={Visitor}&pageSize={PageSize}&page={page}";
}
