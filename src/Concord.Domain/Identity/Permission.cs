namespace Concord.Domain.Identity;

public enum Permission
{
    CasesRead,
    CasesRegister,
    OrgRead,
    UsersManage,
    SecurityPolicyManage,
    AuditRead,
    PersonalDataUnmasked,

    /// <summary>Pause, resume and extend stage deadlines.</summary>
    DeadlinesManage,

    /// <summary>督办: read and resolve supervision tasks.</summary>
    SupervisionManage,

    /// <summary>Working-day calendar (holiday schedules).</summary>
    CalendarManage,

    /// <summary>Events (随手拍): read the events of one's subtree (a department: those dispatched to it).</summary>
    EventsRead,

    /// <summary>Events: report one.</summary>
    EventsReport,

    /// <summary>Events: the centre's dispatch console (派遣台): dispatch to departments and verify.</summary>
    EventsDispatch,

    /// <summary>Events: a department's inbox of events dispatched to it (部门待办).</summary>
    EventsReply,
}

/// <summary>
/// Who may do what. The three admin roles (三员分立) hold disjoint permissions and no case
/// permissions at all, so none of them can do another's work or read disputes.
/// </summary>
public static class RolePermissions
{
    private static readonly Dictionary<Role, Permission[]> s_matrix = new()
    {
        [Role.HouseholdHead] = [Permission.CasesRead, Permission.OrgRead, Permission.EventsRead, Permission.EventsReport],
        [Role.GridWorker] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead, Permission.EventsRead, Permission.EventsReport],
        [Role.GridLeader] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead, Permission.EventsRead, Permission.EventsReport],
        [Role.Clerk] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead, Permission.PersonalDataUnmasked, Permission.DeadlinesManage, Permission.EventsRead, Permission.EventsReport, Permission.EventsDispatch],
        [Role.Mediator] = [Permission.CasesRead, Permission.OrgRead, Permission.PersonalDataUnmasked, Permission.DeadlinesManage],
        [Role.Expert] = [Permission.CasesRead],
        [Role.DepartmentHandler] = [Permission.CasesRead, Permission.OrgRead, Permission.EventsRead, Permission.EventsReply],
        [Role.Supervisor] = [Permission.CasesRead, Permission.OrgRead, Permission.DeadlinesManage, Permission.SupervisionManage, Permission.EventsRead, Permission.EventsDispatch],
        [Role.SystemAdmin] = [Permission.UsersManage, Permission.OrgRead, Permission.CalendarManage],
        [Role.SecurityAdmin] = [Permission.SecurityPolicyManage],
        [Role.AuditAdmin] = [Permission.AuditRead],
    };

    public static IReadOnlyCollection<Permission> Of(Role role) => s_matrix[role];

    public static bool Has(Role role, Permission permission) => s_matrix[role].Contains(permission);

    public static IEnumerable<Role> Holding(Permission permission) =>
        s_matrix.Where(kv => kv.Value.Contains(permission)).Select(kv => kv.Key);
}
