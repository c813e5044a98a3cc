using System.Linq.Expressions;
using Concord.Web.Audit;
using Concord.Web.Cases;
using Concord.Web.Identity;
using Concord.Web.Mediators;
using Concord.Web.Org;
using Concord.Web.Regions;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Concord.Web.Persistence;

/// <summary>
/// The one database. Two rules live here and nowhere else: data scope (every
/// <see cref="IRegionScoped"/> row is filtered to the actor's subtree on read and checked on
/// write) and the audit chain (every write appends hash-chained audit entries in the same
/// transaction).
/// </summary>
public sealed partial class ConcordDb(DbContextOptions<ConcordDb> options, TimeProvider clock)
    : IdentityUserContext<AppUser, long>(options)
{
    public Actor Actor { get; private set; } = Actor.Anonymous;

    // Read by the query filters; EF parameterises them per query.
    private string ScopeLow => Actor.ScopeLow;

    private string ScopeHigh => Actor.ScopeHigh;

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<Resident> Residents => Set<Resident>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseParty> CaseParties => Set<CaseParty>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseSequence> CaseSequences => Set<CaseSequence>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Triage.CaseRedFlag> CaseRedFlags => Set<Triage.CaseRedFlag>();

    public DbSet<Deadlines.CaseDeadline> CaseDeadlines => Set<Deadlines.CaseDeadline>();

    public DbSet<Deadlines.SupervisionTask> SupervisionTasks => Set<Deadlines.SupervisionTask>();

    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    public DbSet<Notifications.SmsMessage> SmsMessages => Set<Notifications.SmsMessage>();

    public DbSet<Routing.CaseAssignment> CaseAssignments => Set<Routing.CaseAssignment>();

    public DbSet<Closing.FollowUpVisit> FollowUpVisits => Set<Closing.FollowUpVisit>();

    public DbSet<Confirmation.JudicialConfirmation> JudicialConfirmations => Set<Confirmation.JudicialConfirmation>();

    public DbSet<Closing.RatingRequest> RatingRequests => Set<Closing.RatingRequest>();

    public DbSet<Closing.CaseFileEntry> CaseFileEntries => Set<Closing.CaseFileEntry>();
    public DbSet<Agreements.Agreement> Agreements => Set<Agreements.Agreement>();

    public DbSet<Agreements.AgreementSignature> AgreementSignatures => Set<Agreements.AgreementSignature>();
    public DbSet<Mediator> Mediators => Set<Mediator>();

    public DbSet<Expert> Experts => Set<Expert>();

    public DbSet<CaseMediator> CaseMediators => Set<CaseMediator>();

    public DbSet<CaseExpert> CaseExperts => Set<CaseExpert>();

    public DbSet<ConflictDeclaration> ConflictDeclarations => Set<ConflictDeclaration>();
    public DbSet<Mediation.MediationSession> MediationSessions => Set<Mediation.MediationSession>();

    public DbSet<Mediation.SessionStep> SessionSteps => Set<Mediation.SessionStep>();

    public DbSet<Mediation.InvestigationRecord> InvestigationRecords => Set<Mediation.InvestigationRecord>();

    public DbSet<Mediation.Evidence> Evidence => Set<Mediation.Evidence>();

    // Visits (走访, coverage, 周研判)
    public DbSet<Visits.Visit> Visits => Set<Visits.Visit>();

    public DbSet<Visits.HouseholdVisitState> HouseholdVisitStates => Set<Visits.HouseholdVisitState>();

    public DbSet<Visits.ReviewMeeting> ReviewMeetings => Set<Visits.ReviewMeeting>();

    public DbSet<Visits.ReviewMeetingMember> ReviewMeetingMembers => Set<Visits.ReviewMeetingMember>();

    public DbSet<Visits.ReviewItem> ReviewItems => Set<Visits.ReviewItem>();
    public DbSet<Open311.ClientApp> ClientApps => Set<Open311.ClientApp>();

    public DbSet<Open311.Open311Request> Open311Requests => Set<Open311.Open311Request>();

    public DbSet<Open311.RegionLocation> RegionLocations => Set<Open311.RegionLocation>();

    // Events (随手拍)
    public DbSet<Events.GridEvent> GridEvents => Set<Events.GridEvent>();

    public DbSet<Events.EventPhoto> EventPhotos => Set<Events.EventPhoto>();

    public DbSet<Events.EventEntry> EventTimeline => Set<Events.EventEntry>();

    public DbSet<Events.EventDeadline> EventDeadlines => Set<Events.EventDeadline>();

    public DbSet<Events.EventSequence> EventSequences => Set<Events.EventSequence>();
    // Six-element registry and grid members (registry).
    public DbSet<Registry.Place> Places => Set<Registry.Place>();

    public DbSet<Registry.CityPart> CityParts => Set<Registry.CityPart>();

    public DbSet<Registry.Organisation> Organisations => Set<Registry.Organisation>();

    public DbSet<Registry.SentimentNote> SentimentNotes => Set<Registry.SentimentNote>();

    public DbSet<Registry.RegistryImport> RegistryImports => Set<Registry.RegistryImport>();

    public DbSet<Grids.GridMember> GridMembers => Set<Grids.GridMember>();

    public DbSet<Grids.GridAssignment> GridAssignments => Set<Grids.GridAssignment>();

    // Clear household addresses from before script 0008, until encrypted at start-up (system actor only).
    public DbSet<Registry.Households.LegacyHouseholdAddress> LegacyHouseholdAddresses => Set<Registry.Households.LegacyHouseholdAddress>();
    // Typical cases (典型案例)
    public DbSet<TypicalCases.TypicalCase> TypicalCases => Set<TypicalCases.TypicalCase>();
    // Lessons learned (以案促改).
    public DbSet<Lessons.LessonReview> LessonReviews => Set<Lessons.LessonReview>();

    public DbSet<Lessons.LessonReviewCase> LessonReviewCases => Set<Lessons.LessonReviewCase>();

    public DbSet<Lessons.LessonGap> LessonGaps => Set<Lessons.LessonGap>();

    public DbSet<Lessons.LessonAction> LessonActions => Set<Lessons.LessonAction>();

    // Dashboard roll-ups (maintained with every case and deadline change).
    public DbSet<Dashboard.CaseRollup> CaseRollups => Set<Dashboard.CaseRollup>();

    // Early warnings (预警).
    public DbSet<Warnings.EarlyWarning> EarlyWarnings => Set<Warnings.EarlyWarning>();

    public DbSet<Warnings.EarlyWarningCase> EarlyWarningCases => Set<Warnings.EarlyWarningCase>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Setting> Settings => Set<Setting>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public TimeProvider Clock => clock;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    public ConcordDb ActAs(Actor actor)
    {
        Actor = actor;
        return this;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConcordDb).Assembly);
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(IRegionScoped).IsAssignableFrom(t.ClrType) && t.ClrType != typeof(Region)).ToList())
        {
            builder.Entity(type.ClrType).HasQueryFilter(ScopeFilter(type.ClrType));
        }

        // A region's own code is its scope key (RegionCode is not a column there).
        builder.Entity<Region>().HasQueryFilter(r => string.Compare(r.Code, ScopeLow) >= 0 && string.Compare(r.Code, ScopeHigh) < 0);

        ModelConventions.Apply(builder, IsPostgres);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back with Kind=Unspecified; everything Concord stores is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private LambdaExpression ScopeFilter(Type clrType)
    {
        var method = typeof(ConcordDb).GetMethod(nameof(ScopeFilterFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (LambdaExpression)method.MakeGenericMethod(clrType).Invoke(this, null)!;
    }

    private Expression<Func<T, bool>> ScopeFilterFor<T>()
        where T : IRegionScoped =>
        e => string.Compare(e.RegionCode, ScopeLow) >= 0 && string.Compare(e.RegionCode, ScopeHigh) < 0;

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
