using Concord.Web.Audit;
using Concord.Web.Cases;
using Concord.Web.Identity;
using Concord.Web.Org;
using Concord.Web.Regions;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Persistence;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.HasKey(r => r.Code);
        b.Property(r => r.Code).HasMaxLength(17);
        b.Property(r => r.ParentCode).HasMaxLength(17);
        b.Property(r => r.Name).HasMaxLength(100);
        b.Ignore(r => r.RegionCode);
        b.HasIndex(r => r.ParentCode);
    }
}

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.Property(o => o.Code).HasMaxLength(40);
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.RegionCode).HasMaxLength(17);
        b.HasIndex(o => o.Code).IsUnique();
        b.HasIndex(o => o.RegionCode);
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.Property(h => h.RegionCode).HasMaxLength(17);
        b.ComplexProperty(h => h.Address, ResidentConfiguration.Protected);
        b.Property(h => h.AddressTokens).HasMaxLength(2000);
        b.HasIndex(h => h.RegionCode);
        b.HasMany(h => h.Members).WithOne().HasForeignKey(r => r.HouseholdId);
    }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.Property(r => r.RegionCode).HasMaxLength(17);
        b.Property(r => r.Name).HasMaxLength(50);
        b.ComplexProperty(r => r.IdNumber, Protected);
        b.ComplexProperty(r => r.Phone, Protected);
        b.Property(r => r.IdTailDigest).HasMaxLength(64);
        b.Property(r => r.Relation).HasMaxLength(20);
        b.HasIndex(r => r.RegionCode);
        b.HasIndex(r => r.IdTailDigest);
        b.HasIndex(r => r.Name);
    }

    internal static void Protected(ComplexPropertyBuilder<ProtectedValue> p)
    {
        p.Property(v => v.Masked).HasMaxLength(40);
        p.Property(v => v.Digest).HasMaxLength(64);
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.Code).HasMaxLength(24);
        b.Property(c => c.RegionCode).HasMaxLength(17);
        b.Property(c => c.VillageCode).HasMaxLength(12);
        b.Property(c => c.GridCode).HasMaxLength(17);
        b.Property(c => c.CategoryCode).HasMaxLength(8);
        b.Property(c => c.Summary).HasMaxLength(200);
        b.Property(c => c.Narrative).HasMaxLength(8000);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasIndex(c => new { c.RegionCode, c.Id });
        b.HasMany(c => c.Parties).WithOne().HasForeignKey(p => p.CaseId);
        b.HasMany(c => c.Timeline).WithOne().HasForeignKey(e => e.CaseId);
        b.HasMany(c => c.RedFlags).WithOne().HasForeignKey(f => f.CaseId);
        b.HasMany(c => c.Deadlines).WithOne().HasForeignKey(d => d.CaseId);
        b.ComplexProperty(c => c.Address, p =>
        {
            ResidentConfiguration.Protected(p);
            p.Property(v => v.Masked).HasMaxLength(200);
        });
        b.Property(c => c.SuggestedCategoryCode).HasMaxLength(8);
        b.Property(c => c.RiskReasons).HasMaxLength(2000);
        b.Property(c => c.ReturnCount).HasDefaultValue(0);
        // Added by script 0015 to a table with rows: the defaults fill the existing ones.
        b.Property(c => c.ConcludedOnTime).HasDefaultValue(false);
        b.Property(c => c.RepeatDispute).HasDefaultValue(false);
        b.Property(c => c.GroupDispute).HasDefaultValue(false);
        b.Property(c => c.Outcome).HasMaxLength(32);
        b.Property(c => c.Rating).HasMaxLength(32);
        b.HasIndex(c => c.DutyListedAt);

        // The dashboard's red flags: a subtree's open cases on the duty list, newest first. Partial,
        // so it holds only those few; its predicate is the red-flag query's (script 0018).
        b.HasIndex(c => new { c.RegionCode, c.DutyListedAt }, "ix_cases_open_duty_listed")
            .HasFilter("duty_listed_at IS NOT NULL AND status <> 'Closed' AND status <> 'NoAgreement' AND status <> 'Withdrawn'");

        // Early warnings: one (village, category)'s cases of a few months, a range read (类别激增).
        b.HasIndex(c => new { c.VillageCode, c.CategoryCode, c.RegisteredAt });
    }
}

internal sealed class CasePartyConfiguration : IEntityTypeConfiguration<CaseParty>
{
    public void Configure(EntityTypeBuilder<CaseParty> b)
    {
        b.Property(p => p.RegionCode).HasMaxLength(17);
        b.Property(p => p.Name).HasMaxLength(100);
        b.ComplexProperty(p => p.IdNumber, ResidentConfiguration.Protected);
        b.ComplexProperty(p => p.Phone, ResidentConfiguration.Protected);

        // Group-dispute detection looks up open cases against the same organisation by name.
        b.HasIndex(p => p.Name);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Text).HasMaxLength(2000);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.ActorOrgName).HasMaxLength(100);
    }
}

internal sealed class CaseSequenceConfiguration : IEntityTypeConfiguration<CaseSequence>
{
    public void Configure(EntityTypeBuilder<CaseSequence> b)
    {
        b.HasKey(s => new { s.CountyCode, s.Year });
        b.Property(s => s.CountyCode).HasMaxLength(6);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Seq);
        b.Property(a => a.Seq).ValueGeneratedNever();
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.UserName).HasMaxLength(100);
        b.Property(a => a.OrgName).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(80);
        b.Property(a => a.EntityType).HasMaxLength(80);
        b.Property(a => a.EntityId).HasMaxLength(80);
        b.Property(a => a.PrevHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => new { a.RegionCode, a.Seq });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.Key).HasMaxLength(100);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ResultKey).HasMaxLength(100);
        b.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
    }
}

internal sealed class SettingConfiguration : IEntityTypeConfiguration<Setting>
{
    public void Configure(EntityTypeBuilder<Setting> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(100);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b) => b.Property(k => k.FriendlyName).HasMaxLength(100);
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(50);
        b.Property(u => u.RegionCode).HasMaxLength(17);
        b.HasIndex(u => u.RegionCode);
    }
}

internal sealed class CaseRedFlagConfiguration : IEntityTypeConfiguration<Triage.CaseRedFlag>
{
    public void Configure(EntityTypeBuilder<Triage.CaseRedFlag> b)
    {
        b.Property(f => f.RegionCode).HasMaxLength(17);
        b.Property(f => f.Reason).HasMaxLength(500);
        b.Property(f => f.LinkedCaseCodes).HasMaxLength(500);
        b.HasIndex(f => f.CaseId);
    }
}

internal sealed class CaseDeadlineConfiguration : IEntityTypeConfiguration<Deadlines.CaseDeadline>
{
    public void Configure(EntityTypeBuilder<Deadlines.CaseDeadline> b)
    {
        b.Property(d => d.RegionCode).HasMaxLength(17);
        b.HasIndex(d => d.CaseId);
        b.HasIndex(d => d.NextActionAt);

        // Early warnings: the open overdue deadlines of a village (超期聚集).
        b.HasIndex(d => new { d.MetAt, d.Step, d.RegionCode });
    }
}

internal sealed class SupervisionTaskConfiguration : IEntityTypeConfiguration<Deadlines.SupervisionTask>
{
    public void Configure(EntityTypeBuilder<Deadlines.SupervisionTask> b)
    {
        b.Property(t => t.RegionCode).HasMaxLength(17);
        b.Property(t => t.CaseCode).HasMaxLength(24);
        b.Property(t => t.Reason).HasMaxLength(500);
        b.Property(t => t.Resolution).HasMaxLength(500);
        b.HasIndex(t => new { t.RegionCode, t.ResolvedAt });
        b.HasIndex(t => t.CaseId);
        b.Property(t => t.EventCode).HasMaxLength(24);
        b.HasIndex(t => t.EventId);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notifications.Notification>
{
    public void Configure(EntityTypeBuilder<Notifications.Notification> b)
    {
        b.Property(n => n.RegionCode).HasMaxLength(17);
        b.Property(n => n.Kind).HasMaxLength(40);
        b.Property(n => n.Text).HasMaxLength(1000);
        b.Property(n => n.CaseCode).HasMaxLength(24);
        b.HasIndex(n => new { n.OrgUnitId, n.Id });
        b.HasIndex(n => new { n.UserId, n.Id });
    }
}

internal sealed class SmsMessageConfiguration : IEntityTypeConfiguration<Notifications.SmsMessage>
{
    public void Configure(EntityTypeBuilder<Notifications.SmsMessage> b)
    {
        b.ComplexProperty(m => m.Phone, ResidentConfiguration.Protected);
        b.Property(m => m.Text).HasMaxLength(500);
        b.Property(m => m.Status).HasMaxLength(20);
    }
}

internal sealed class CaseAssignmentConfiguration : IEntityTypeConfiguration<Routing.CaseAssignment>
{
    public void Configure(EntityTypeBuilder<Routing.CaseAssignment> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.OverrideReason).HasMaxLength(500);
        b.Property(a => a.ReturnReason).HasMaxLength(500);
        b.HasIndex(a => a.CaseId);
        b.HasIndex(a => new { a.OrgUnitId, a.AcceptedAt });
    }
}
