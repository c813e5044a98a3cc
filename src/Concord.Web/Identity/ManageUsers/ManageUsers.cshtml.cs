using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Identity.ManageUsers;

[Authorize(Policy = nameof(Permission.UsersManage))]
public sealed class ManageUsersModel(ManageUsers.Handler handler) : ConcordPage
{
    [BindProperty]
    public ManageUsers.CreateRequest Input { get; set; } = new(null, null, nameof(Role.Clerk), null, null);

    public IReadOnlyList<ManageUsers.UserRow> Users { get; private set; } = [];

    public IReadOnlyList<ManageUsers.OrgOption> Orgs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await handler.ListAsync(ct);
        Orgs = await handler.OrgOptionsAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            await handler.CreateAsync(Input, ct);
            Toast($"已创建用户 {Input.UserName}");
            return RedirectToPage();
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            await OnGetAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDisableAsync(long id, bool disabled, CancellationToken ct)
    {
        try
        {
            await handler.SetDisabledAsync(id, disabled, ct);
            Toast(disabled ? "已停用该账号" : "已启用该账号");
        }
        catch (DomainException ex)
        {
            Toast(ex.Message);
        }

        return RedirectToPage();
    }
}
