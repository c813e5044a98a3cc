using Concord.Web.Shared;
using Concord.Web.Tracking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Concord.Web.Events.RateEvent;

/// <summary>评价: the page an outside reporter reaches from the link sent when their event closed; no login, the token is the credential.</summary>
[AllowAnonymous]
[EnableRateLimiting(TrackingModule.PublicPolicy)]
public sealed class RateEventModel(MoveEvent.MoveEvent.Handler handler) : ConcordPage
{
    [BindProperty]
    public string? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public string? Done { get; private set; }

    public void OnGet(string token)
    {
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        try
        {
            Done = await handler.RateByTokenAsync(token, new MoveEvent.MoveEvent.RateRequest(Rating, Comment), ct);
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
