using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using EventDetails = Concord.Web.Events.ViewEvent.ViewEvent;

namespace Concord.Web.Field.ViewEvent;

/// <summary>An event on the phone: the Events module's view handler, laid out in one column.</summary>
[Authorize(Policy = nameof(Permission.EventsRead))]
public sealed class ViewEventModel(EventDetails.Handler handler) : ConcordPage
{
    public EventDetails.Details Event { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            Event = await handler.HandleAsync(code, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
