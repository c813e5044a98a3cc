using Concord.Domain.Identity;
using Concord.Web.Identity;
using Concord.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>One demo login per role, each bound to a real org unit of 桐城市.</summary>
public static class DemoUsers
{
    public const string Password = "Concord@2026";

    public sealed record Login(string UserName, string DisplayName, Role Role, string OrgUnitCode);

    /// <summary>Grid codes follow DemoGrid's numbering: the first grid of 三里居委会 is 340881002001001.</summary>
    public static readonly IReadOnlyList<Login> All =
    [
        new("clerk", "王秀兰", Role.Clerk, "340881002-ZZZX"),
        new("county.clerk", "陈志强", Role.Clerk, "340881-ZZZX"),
        new("gridworker", "刘建国", Role.GridWorker, "340881002001001-WGZ"),
        new("xiyuan.gridworker", "赵丽", Role.GridWorker, "340881002003001-WGZ"),
        new("gridleader", "孙海燕", Role.GridLeader, "340881002003-ZZZX"),
        new("household", "周大山", Role.HouseholdHead, "340881002003001-WGZ"),
        new("mediator", "吴德华", Role.Mediator, "340881002-TWH"),
        new("expert", "郑律师", Role.Expert, "340881-ZZZX"),
        new("department", "钱伟", Role.DepartmentHandler, "340881-ZJ"),
        new("supervisor", "李书记", Role.Supervisor, "340881-ZZZX"),
        new("longmian.clerk", "黄晓明", Role.Clerk, "340881003-ZZZX"),
        new("sysadmin", "系统管理员", Role.SystemAdmin, "340881-ZZZX"),
        new("secadmin", "安全管理员", Role.SecurityAdmin, "340881-ZZZX"),
        new("auditadmin", "审计管理员", Role.AuditAdmin, "340881-ZZZX"),
    ];

    public static async Task CreateAsync(ConcordDb db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        foreach (var login in All)
        {
            if (await users.FindByNameAsync(login.UserName) is not null)
            {
                continue;
            }

            var org = await db.OrgUnits.IgnoreQueryFilters().FirstAsync(o => o.Code == login.OrgUnitCode, ct);
            var user = new AppUser
            {
                UserName = login.UserName,
                DisplayName = login.DisplayName,
                Role = login.Role,
                OrgUnitId = org.Id,
                RegionCode = org.RegionCode,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {login.UserName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }
    }
}
