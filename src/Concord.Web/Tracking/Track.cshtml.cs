using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Concord.Web.Tracking;

[AllowAnonymous]
[EnableRateLimiting(TrackingModule.PublicPolicy)]
public sealed class TrackModel(TrackCase.Handler handler) : ConcordPage
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public TrackCase.View? Result { get; private set; }

    public void OnGet([FromQuery] string? code) => Code = code;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Result = await handler.HandleAsync(Code, Phone, ct);
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            if (ex.Status == StatusCodes.Status429TooManyRequests)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
            }
        }

        return Page();
    }
}
