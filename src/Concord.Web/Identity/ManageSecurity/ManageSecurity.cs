using Concord.Web.Identity.ManageUsers;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Identity.ManageSecurity;

/// <summary>安全管理员: the security policy, and unlocking accounts locked by failed logins.</summary>
public static class ManageSecurity
{
    public sealed record LockedUser(long Id, string UserName, string DisplayName, DateTimeOffset LockedUntil);

    public sealed class Handler(ConcordDb db, UserManager<AppUser> users, SecurityPolicy policy, TimeProvider clock)
    {
        public SecurityPolicy.Values Policy => policy.Current;

        public Task SavePolicyAsync(SecurityPolicy.Values values, CancellationToken ct = default) => policy.SaveAsync(db, values, ct);

        public async Task<IReadOnlyList<LockedUser>> LockedAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow();
            var rows = await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null).ToListAsync(ct);
            return [.. rows.Where(u => u.LockoutEnd > now && u.LockoutEnd != ManageUsers.ManageUsers.DisabledUntil)
                .Select(u => new LockedUser(u.Id, u.UserName!, u.DisplayName, u.LockoutEnd!.Value))];
        }

        public async Task UnlockAsync(long userId, CancellationToken ct = default)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("该用户");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
    }
}
