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

    // Visits (走访, coverage, 周研判)

    /// <summary>Read visits, household coverage and 研判 meetings of the subtree.</summary>
    VisitsRead,

    /// <summary>Log household visits (日基本走访, 周重点走访) and see the visits due.</summary>
    VisitsLog,

    /// <summary>Flag and unflag key households (重点户), visited weekly.</summary>
    KeyHouseholdsManage,

    /// <summary>Record 周研判 meetings and move their decided items to done.</summary>
    MeetingsRecord,

    /// <summary>Open311 client applications (register, issue api_key, revoke).</summary>
    ClientAppsManage,

    /// <summary>Events (随手拍): read the events of one's subtree (a department: those dispatched to it).</summary>
    EventsRead,

    /// <summary>Events: report one.</summary>
    EventsReport,

    /// <summary>Six-element registry (人、地、物、情、组织) and grid pages: read.</summary>
    RegistryRead,

    /// <summary>Six-element registry: create, edit, import.</summary>
    RegistryWrite,

    /// <summary>Grid members: register 网格长、网格员、联户长 and (re)assign them.</summary>
    GridMembersManage,

    /// <summary>Events: the centre's dispatch console (派遣台): dispatch to departments and verify.</summary>
    EventsDispatch,

    /// <summary>Events: a department's inbox of events dispatched to it (部门待办).</summary>
    EventsReply,

    /// <summary>典型案例: draft one from a closed case of the subtree, edit, publish and take down.</summary>
    TypicalCasesManage,

    // Lessons learned (以案促改)

    /// <summary>Read review candidates and reviews of the subtree; mark one's own actions done.</summary>
    LessonsRead,

    /// <summary>Open a review, add actions, close (销号) a review whose actions are all done.</summary>
    LessonsManage,

    // Early warnings (预警)

    /// <summary>Read the early warnings of the subtree (重复、群体、类别激增、超期聚集) and their summary.</summary>
    WarningsRead,

    /// <summary>Acknowledge (签收) and close (关闭) early warnings of the subtree.</summary>
    WarningsManage,

    // Rankings and reports (月晾晒、季排位、体检表)

    /// <summary>Rankings of the places of one's subtree (月晾晒、季排位).</summary>
    RankingsRead,

    /// <summary>Monthly/quarterly/annual 体检表 of the places of one's subtree (page and .xlsx).</summary>
    ReportsRead,

    /// <summary>Edit the resident population of towns and villages (base of per-10,000 figures).</summary>
    RegionsManage,

    // Dashboard (领导驾驶舱)

    /// <summary>领导驾驶舱: the figures of one's subtree by level, with drill-down to the cases behind them.</summary>
    DashboardRead,
}

/// <summary>
/// Who may do what. The three admin roles (三员分立) hold disjoint permissions and no case
/// permissions at all, so none of them can do another's work or read disputes.
/// </summary>
public static class RolePermissions
{
    private static readonly Dictionary<Role, Permission[]> s_matrix = new()
    {
        [Role.HouseholdHead] = [Permission.CasesRead, Permission.OrgRead,
            Permission.VisitsRead, Permission.VisitsLog, Permission.EventsRead, Permission.EventsReport, Permission.RegistryRead],
        [Role.GridWorker] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead,
            Permission.VisitsRead, Permission.VisitsLog, Permission.MeetingsRecord, Permission.EventsRead, Permission.EventsReport, Permission.RegistryRead, Permission.RegistryWrite],
        [Role.GridLeader] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead,
            Permission.VisitsRead, Permission.VisitsLog, Permission.KeyHouseholdsManage, Permission.MeetingsRecord, Permission.EventsRead, Permission.EventsReport, Permission.RegistryRead, Permission.RegistryWrite, Permission.GridMembersManage,
            Permission.LessonsRead, Permission.WarningsRead],
        [Role.Clerk] = [Permission.CasesRead, Permission.CasesRegister, Permission.OrgRead, Permission.PersonalDataUnmasked, Permission.DeadlinesManage,
            Permission.VisitsRead, Permission.EventsRead, Permission.EventsReport, Permission.EventsDispatch, Permission.RegistryRead, Permission.RegistryWrite, Permission.GridMembersManage,
            Permission.TypicalCasesManage, Permission.LessonsRead, Permission.WarningsRead, Permission.WarningsManage, Permission.RankingsRead, Permission.ReportsRead,
            Permission.DashboardRead],
        [Role.Mediator] = [Permission.CasesRead, Permission.OrgRead, Permission.PersonalDataUnmasked, Permission.DeadlinesManage,
            Permission.LessonsRead],
        [Role.Expert] = [Permission.CasesRead],
        [Role.DepartmentHandler] = [Permission.CasesRead, Permission.OrgRead, Permission.EventsRead, Permission.EventsReply,
            Permission.LessonsRead],
        [Role.Supervisor] = [Permission.CasesRead, Permission.OrgRead, Permission.DeadlinesManage, Permission.SupervisionManage,
            Permission.VisitsRead, Permission.EventsRead, Permission.EventsDispatch, Permission.RegistryRead, Permission.TypicalCasesManage,
            Permission.LessonsRead, Permission.LessonsManage, Permission.WarningsRead, Permission.WarningsManage, Permission.RankingsRead, Permission.ReportsRead,
            Permission.DashboardRead],
        [Role.SystemAdmin] = [Permission.UsersManage, Permission.OrgRead, Permission.CalendarManage, Permission.ClientAppsManage, Permission.RegionsManage],
        [Role.SecurityAdmin] = [Permission.SecurityPolicyManage],
        [Role.AuditAdmin] = [Permission.AuditRead],
    };

    public static IReadOnlyCollection<Permission> Of(Role role) => s_matrix[role];

    public static bool Has(Role role, Permission permission) => s_matrix[role].Contains(permission);

    public static IEnumerable<Role> Holding(Permission permission) =>
        s_matrix.Where(kv => kv.Value.Contains(permission)).Select(kv => kv.Key);
}
