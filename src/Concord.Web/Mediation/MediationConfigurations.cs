using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Mediation;

internal sealed class MediationSessionConfiguration : IEntityTypeConfiguration<MediationSession>
{
    public void Configure(EntityTypeBuilder<MediationSession> b)
    {
        b.Property(s => s.RegionCode).HasMaxLength(17);
        b.Property(s => s.Place).HasMaxLength(200);
        b.Property(s => s.OnlineLink).HasMaxLength(500);
        b.Property(s => s.Attendees).HasMaxLength(1000);
        b.Property(s => s.Notes).HasMaxLength(4000);
        b.Ignore(s => s.Where);
        b.HasIndex(s => new { s.CaseId, s.Number }).IsUnique();
        b.HasOne<Cases.Case>().WithMany().HasForeignKey(s => s.CaseId);
        b.HasMany(s => s.Steps).WithOne().HasForeignKey(s => s.SessionId);
    }
}

internal sealed class SessionStepConfiguration : IEntityTypeConfiguration<SessionStep>
{
    public void Configure(EntityTypeBuilder<SessionStep> b)
    {
        b.Property(s => s.RegionCode).HasMaxLength(17);
        b.Property(s => s.Notes).HasMaxLength(4000);
        b.HasIndex(s => new { s.SessionId, s.Step }).IsUnique();
        b.HasIndex(s => s.CaseId);
    }
}

internal sealed class InvestigationRecordConfiguration : IEntityTypeConfiguration<InvestigationRecord>
{
    public void Configure(EntityTypeBuilder<InvestigationRecord> b)
    {
        b.Property(r => r.RegionCode).HasMaxLength(17);
        b.Property(r => r.Place).HasMaxLength(200);
        b.Property(r => r.Investigator).HasMaxLength(200);
        b.Property(r => r.Subject).HasMaxLength(200);
        b.Property(r => r.Findings).HasMaxLength(4000);
        b.HasIndex(r => r.CaseId);
        b.HasOne<Cases.Case>().WithMany().HasForeignKey(r => r.CaseId);
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> b)
    {
        b.ToTable("evidence");
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.FileName).HasMaxLength(255);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.StoragePath).HasMaxLength(200);
        b.Property(e => e.Description).HasMaxLength(500);
        b.HasIndex(e => new { e.CaseId, e.Sha256 }).IsUnique();
        b.HasOne<Cases.Case>().WithMany().HasForeignKey(e => e.CaseId);
    }
}
