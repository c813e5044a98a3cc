using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Org.BrowseOrg;

[Authorize(Policy = nameof(Permission.OrgRead))]
public sealed class BrowseOrgModel(BrowseOrg.Handler handler) : ConcordPage
{
    public BrowseOrg.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        try
        {
            View = await handler.HandleAsync(code, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
