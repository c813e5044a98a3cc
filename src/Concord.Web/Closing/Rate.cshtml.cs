using Concord.Web.Shared;
using Concord.Web.Tracking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Concord.Web.Closing;

/// <summary>评价: the page a party reaches from the rating link; no login.</summary>
[AllowAnonymous]
[EnableRateLimiting(TrackingModule.PublicPolicy)]
public sealed class RateModel(CloseCase.Handler handler) : ConcordPage
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
            Done = await handler.RateAsync(token, new CloseCase.RateRequest(Rating, Comment), ct);
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
