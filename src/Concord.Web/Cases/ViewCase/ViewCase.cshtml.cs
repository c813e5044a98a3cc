using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Cases.ViewCase;

[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class ViewCaseModel(ViewCase.Handler handler) : ConcordPage
{
    public ViewCase.Details Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            Case = await handler.HandleAsync(code, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
