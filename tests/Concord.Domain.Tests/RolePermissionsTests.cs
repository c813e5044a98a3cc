using Concord.Domain.Identity;

namespace Concord.Domain.Tests;

public sealed class RolePermissionsTests
{
    private static readonly Role[] s_adminRoles = [Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin];

    [Fact]
    public void The_three_admin_roles_hold_disjoint_permissions()
    {
        foreach (var a in s_adminRoles)
        {
            foreach (var b in s_adminRoles.Where(r => r != a))
            {
                RolePermissions.Of(a).Intersect(RolePermissions.Of(b)).ShouldBeEmpty($"{a} and {b} share permissions");
            }
        }
    }

    [Fact]
    public void No_admin_role_holds_any_case_permission()
    {
        foreach (var role in s_adminRoles)
        {
            RolePermissions.Has(role, Permission.CasesRead).ShouldBeFalse();
            RolePermissions.Has(role, Permission.CasesRegister).ShouldBeFalse();
        }

        RolePermissions.Holding(Permission.CasesRead).Intersect(s_adminRoles).ShouldBeEmpty();
    }

    [Fact]
    public void Each_admin_duty_belongs_to_exactly_one_role()
    {
        RolePermissions.Holding(Permission.UsersManage).ShouldBe([Role.SystemAdmin]);
        RolePermissions.Holding(Permission.SecurityPolicyManage).ShouldBe([Role.SecurityAdmin]);
        RolePermissions.Holding(Permission.AuditRead).ShouldBe([Role.AuditAdmin]);
    }

    [Fact]
    public void Every_role_has_a_permission_row_and_a_chinese_label()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            RolePermissions.Of(role).ShouldNotBeEmpty();
            Roles.Label(role).ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Only_staff_who_take_in_disputes_may_register_cases()
    {
        RolePermissions.Holding(Permission.CasesRegister).ShouldBe([Role.GridWorker, Role.GridLeader, Role.Clerk], ignoreOrder: true);
    }
}
