using System.Globalization;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Concord.Web.Identity;

/// <summary>
/// Password, lockout and session rules, owned by the security admin (安全管理员). Stored in the
/// settings table and applied to the live <see cref="IdentityOptions"/> instance that
/// UserManager reads, so a change takes effect at the next login.
/// </summary>
public sealed class SecurityPolicy : IOptions<IdentityOptions>
{
    public IdentityOptions Value { get; } = new();

    public int SessionMinutes { get; private set; } = 30;

    public SecurityPolicy() => ApplyDefaults(Value);

    public static void ApplyDefaults(IdentityOptions o)
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = false;
    }

    public sealed record Values(int MaxFailedAttempts, int LockoutMinutes, int PasswordMinLength, int SessionMinutes);

    public Values Current => new(Value.Lockout.MaxFailedAccessAttempts, (int)Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes, Value.Password.RequiredLength, SessionMinutes);

    public async Task LoadAsync(ConcordDb db, CancellationToken ct)
    {
        var settings = await db.Settings.Where(s => s.Key.StartsWith("security.")).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        int Get(string key, int fallback) => settings.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        Apply(new Values(Get("security.max_failed", 5), Get("security.lockout_minutes", 15), Get("security.password_min", 10), Get("security.session_minutes", 30)));
    }

    public static void Validate(Values v)
    {
        var errors = new FieldErrors();
        if (v.MaxFailedAttempts is < 3 or > 10)
        {
            errors.Add("maxFailedAttempts", "连续失败次数须在 3 到 10 之间。");
        }

        if (v.LockoutMinutes is < 5 or > 1440)
        {
            errors.Add("lockoutMinutes", "锁定时长须在 5 到 1440 分钟之间。");
        }

        if (v.PasswordMinLength is < 10 or > 64)
        {
            errors.Add("passwordMinLength", "密码最短长度须在 10 到 64 之间。");
        }

        if (v.SessionMinutes is < 5 or > 480)
        {
            errors.Add("sessionMinutes", "会话有效期须在 5 到 480 分钟之间。");
        }

        errors.ThrowIfAny();
    }

    public async Task SaveAsync(ConcordDb db, Values v, CancellationToken ct)
    {
        Validate(v);
        var before = Current;
        foreach (var (key, value) in new[] { ("security.max_failed", v.MaxFailedAttempts), ("security.lockout_minutes", v.LockoutMinutes), ("security.password_min", v.PasswordMinLength), ("security.session_minutes", v.SessionMinutes) })
        {
            var setting = await db.Settings.FindAsync([key], ct);
            if (setting is null)
            {
                db.Settings.Add(new Setting { Key = key, Value = value.ToString(CultureInfo.InvariantCulture) });
            }
            else
            {
                setting.Value = value.ToString(CultureInfo.InvariantCulture);
            }
        }

        db.Audit("security.policy.changed", "SecurityPolicy", "default", new { before, after = v });
        await db.SaveChangesAsync(ct);
        Apply(v);
    }

    private void Apply(Values v)
    {
        Value.Lockout.MaxFailedAccessAttempts = v.MaxFailedAttempts;
        Value.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(v.LockoutMinutes);
        Value.Password.RequiredLength = v.PasswordMinLength;
        SessionMinutes = v.SessionMinutes;
    }
}
