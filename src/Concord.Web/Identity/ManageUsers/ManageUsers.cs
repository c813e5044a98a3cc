using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Identity.ManageUsers;

/// <summary>
/// 系统管理员: accounts of the admin's subtree. The system admin cannot create, change or unlock
/// security or audit admins, nor unlock anyone (that is the security admin's work) — 三员分立.
/// </summary>
public static class ManageUsers
{
    public sealed record UserRow(long Id, string UserName, string DisplayName, string Role, string RoleLabel, string OrgName, bool Disabled, bool LockedOut);

    public sealed record CreateRequest(string? UserName, string? DisplayName, string? Role, long? OrgUnitId, string? Password);

    public sealed record OrgOption(long Id, string Name);

    public static readonly Role[] AssignableBySystemAdmin =
        [.. Enum.GetValues<Role>().Where(r => r is not (Role.SecurityAdmin or Role.AuditAdmin))];

    /// <summary>Disabled accounts are locked out until this far-off date.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public sealed class Handler(ConcordDb db, UserManager<AppUser> users, TimeProvider clock)
    {
        public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow();
            var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
                .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Role, u.OrgUnitId, u.LockoutEnd }).ToListAsync(ct);
            var orgIds = rows.Select(r => r.OrgUnitId).Distinct().ToList();
            var orgs = await db.OrgUnits.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            return [.. rows.Select(r => new UserRow(r.Id, r.UserName!, r.DisplayName, r.Role.ToString(), Roles.Label(r.Role),
                orgs.GetValueOrDefault(r.OrgUnitId, ""), r.LockoutEnd == DisabledUntil, r.LockoutEnd > now && r.LockoutEnd != DisabledUntil))];
        }

        public async Task<IReadOnlyList<OrgOption>> OrgOptionsAsync(CancellationToken ct = default) =>
            await db.OrgUnits.AsNoTracking().OrderBy(o => o.RegionCode).ThenBy(o => o.Kind)
                .Select(o => new OrgOption(o.Id, o.Name)).Take(2000).ToListAsync(ct);

        public async Task<long> CreateAsync(CreateRequest r, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(r.UserName) || r.UserName.Trim().Length is < 3 or > 50 || !r.UserName.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                errors.Add("userName", "用户名为 3–50 位字母、数字或 . _ -。");
            }

            if (string.IsNullOrWhiteSpace(r.DisplayName) || r.DisplayName.Trim().Length > 50)
            {
                errors.Add("displayName", "请填写姓名（不超过 50 字）。");
            }

            if (!Roles.TryParse(r.Role, out var role) || !AssignableBySystemAdmin.Contains(role))
            {
                errors.Add("role", "请选择角色（安全管理员、审计管理员不能由系统管理员设置）。");
            }

            var org = r.OrgUnitId is { } orgId ? await db.OrgUnits.FirstOrDefaultAsync(o => o.Id == orgId, ct) : null;
            if (org is null)
            {
                errors.Add("orgUnitId", "请选择所属单位（须在您的管辖范围内）。");
            }

            if (!errors.Any && await users.FindByNameAsync(r.UserName!.Trim()) is not null)
            {
                errors.Add("userName", "该用户名已被使用。");
            }

            errors.ThrowIfAny();
            var user = new AppUser
            {
                UserName = r.UserName!.Trim(),
                DisplayName = r.DisplayName!.Trim(),
                Role = role,
                OrgUnitId = org!.Id,
                RegionCode = org.RegionCode,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, r.Password ?? "");
            if (!result.Succeeded)
            {
                var passwordErrors = new FieldErrors();
                passwordErrors.Add("password", "初始密码不符合安全策略：" + string.Join("；", result.Errors.Select(PasswordMessage).Distinct()));
                passwordErrors.ThrowIfAny();
            }

            return user.Id;
        }

        public async Task SetDisabledAsync(long userId, bool disabled, CancellationToken ct = default)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("该用户");
            if (!AssignableBySystemAdmin.Contains(user.Role))
            {
                throw new DomainException("separation_of_duties", "系统管理员不能停用或启用安全管理员、审计管理员的账号。", 403);
            }

            if (user.Id == db.Actor.UserId)
            {
                throw new DomainException("cannot_disable_self", "不能停用自己的账号。");
            }

            await users.SetLockoutEndDateAsync(user, disabled ? DisabledUntil : null);
        }

        private static string PasswordMessage(IdentityError e) => e.Code switch
        {
            "PasswordTooShort" => "长度不足",
            "PasswordRequiresDigit" => "须含数字",
            "PasswordRequiresLower" => "须含小写字母",
            "PasswordRequiresUpper" => "须含大写字母",
            "PasswordRequiresNonAlphanumeric" => "须含符号",
            _ => e.Description,
        };
    }
}
