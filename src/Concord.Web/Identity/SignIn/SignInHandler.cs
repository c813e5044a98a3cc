using System.Security.Claims;
using Concord.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Identity;

/// <summary>Checks a user name and password; shared by the login page and <c>POST /api/auth/login</c>.</summary>
public sealed class SignInHandler(UserManager<AppUser> users, SignInManager<AppUser> signIn, ConcordDb db)
{
    public sealed record Result(ClaimsPrincipal? Principal, string? Error, bool LockedOut);

    public async Task<Result> CheckAsync(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return new Result(null, "请输入用户名和密码。", false);
        }

        // Nobody is signed in yet: look the account up as the system, then act as the attempt.
        db.ActAs(Shared.Actor.System());
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            db.ActAs(Shared.Actor.Anonymous);
            return new Result(null, "用户名或密码不正确。", false);
        }

        // Failed-attempt counting and lockout are writes: attribute them to the account's place
        // so the audit admin of that subtree sees them.
        db.ActAs(new Shared.Actor(null, $"登录尝试：{user.UserName}", null, null, "", user.RegionCode));
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return new Result(null, "连续登录失败次数过多，账号已临时锁定，请稍后再试或联系安全管理员。", true);
        }

        if (!check.Succeeded)
        {
            return new Result(null, "用户名或密码不正确。", false);
        }

        return new Result(await signIn.CreateUserPrincipalAsync(user), null, false);
    }
}

internal static class OrgLookup
{
    /// <summary>Org unit names are needed to build a principal before any scope exists.</summary>
    public static Task<Org.OrgUnit?> IgnoreQueryFiltersById(this DbSet<Org.OrgUnit> set, long id) =>
        set.IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id);
}
