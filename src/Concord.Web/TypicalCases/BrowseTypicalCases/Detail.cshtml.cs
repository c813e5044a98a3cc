using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.TypicalCases.BrowseTypicalCases;

[AllowAnonymous]
public sealed class DetailModel(BrowseTypicalCases.Handler handler) : ConcordPage
{
    public BrowseTypicalCases.Detail Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            Case = await handler.GetAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
