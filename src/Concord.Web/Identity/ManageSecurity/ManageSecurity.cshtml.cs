using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Identity.ManageSecurity;

[Authorize(Policy = nameof(Permission.SecurityPolicyManage))]
public sealed class ManageSecurityModel(ManageSecurity.Handler handler) : ConcordPage
{
    [BindProperty]
    public SecurityPolicy.Values Input { get; set; } = new(5, 15, 10, 30);

    public IReadOnlyList<ManageSecurity.LockedUser> Locked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = handler.Policy;
        Locked = await handler.LockedAsync(ct);
    }

    public async Task<IActionResult> OnPostPolicyAsync(CancellationToken ct)
    {
        try
        {
            await handler.SavePolicyAsync(Input, ct);
            Toast("安全策略已保存，下次登录起生效");
            return RedirectToPage();
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            Locked = await handler.LockedAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken ct)
    {
        await handler.UnlockAsync(id, ct);
        Toast("已解锁");
        return RedirectToPage();
    }
}
