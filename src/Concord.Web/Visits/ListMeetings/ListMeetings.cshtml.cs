using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.ListMeetings;

[Authorize(Policy = nameof(Permission.VisitsRead))]
public sealed class ListMeetingsModel(ListMeetings.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ListMeetings.Result Result { get; private set; } = new([], 0, 1, 20);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(new ListMeetings.Query(Region, PageNumber, 20), ct);
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
}
