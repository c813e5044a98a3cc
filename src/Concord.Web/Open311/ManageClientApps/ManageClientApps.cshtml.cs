using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Open311.ManageClientApps;

[Authorize(Policy = nameof(Permission.ClientAppsManage))]
public sealed class ManageClientAppsModel(ManageClientApps.Handler handler) : ConcordPage
{
    [BindProperty]
    public ManageClientApps.CreateRequest Input { get; set; } = new(null, null, null, null);

    public IReadOnlyList<ManageClientApps.AppRow> Apps { get; private set; } = [];

    public IReadOnlyList<ManageClientApps.OrgOption> Orgs { get; private set; } = [];

    /// <summary>The new key, on the response to its creation only (never redirected, never kept).</summary>
    public ManageClientApps.Created? JustCreated { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Apps = await handler.ListAsync(ct);
        Orgs = await handler.OrgOptionsAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            JustCreated = await handler.CreateAsync(Input, ct);
            Input = new(null, null, null, null);
            // The key is on this page only: no browser or proxy may keep a copy.
            Response.Headers.CacheControl = "no-store";
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }

        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, string? reason, CancellationToken ct)
    {
        try
        {
            await handler.RevokeAsync(id, reason, ct);
            Toast("已停用该应用的 api_key，其请求将被拒绝。");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            Toast(ex is ValidationFailedException v ? string.Join(" ", v.Errors.Values.SelectMany(e => e)) : ex.Message);
        }

        return RedirectToPage();
    }
}
