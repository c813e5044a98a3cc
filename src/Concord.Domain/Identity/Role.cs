namespace Concord.Domain.Identity;

/// <summary>Roles from domain.md §2. Stored by name; the Chinese label is what users see.</summary>
public enum Role
{
    HouseholdHead,
    GridWorker,
    GridLeader,
    Clerk,
    Mediator,
    Expert,
    DepartmentHandler,
    Supervisor,
    SystemAdmin,
    SecurityAdmin,
    AuditAdmin,
}

public static class Roles
{
    public static string Label(Role role) => role switch
    {
        Role.HouseholdHead => "联户长",
        Role.GridWorker => "网格员",
        Role.GridLeader => "网格长",
        Role.Clerk => "中心受理员",
        Role.Mediator => "调解员",
        Role.Expert => "专家",
        Role.DepartmentHandler => "部门办理人",
        Role.Supervisor => "督办领导",
        Role.SystemAdmin => "系统管理员",
        Role.SecurityAdmin => "安全管理员",
        Role.AuditAdmin => "审计管理员",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out Role role) => Enum.TryParse(name, ignoreCase: false, out role) && Enum.IsDefined(role);
}
