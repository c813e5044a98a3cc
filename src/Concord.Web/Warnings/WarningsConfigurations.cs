using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Warnings;

internal sealed class EarlyWarningConfiguration : IEntityTypeConfiguration<EarlyWarning>
{
    public void Configure(EntityTypeBuilder<EarlyWarning> b)
    {
        b.Property(w => w.DedupeKey).HasMaxLength(200);
        b.Property(w => w.RegionCode).HasMaxLength(17);
        b.Property(w => w.Title).HasMaxLength(200);
        b.Property(w => w.Evidence).HasMaxLength(1000);
        b.Property(w => w.CaseListLink).HasMaxLength(300);
        b.Property(w => w.AcknowledgedByName).HasMaxLength(50);
        b.Property(w => w.ClosedByName).HasMaxLength(50);
        b.Property(w => w.Note).HasMaxLength(1000);

        // The scanner's "is this already a warning?" and the guard against a duplicate from a second instance.
        b.HasIndex(w => new { w.Kind, w.DedupeKey }).IsUnique();

        // The warnings of a subtree by status, newest first.
        b.HasIndex(w => new { w.RegionCode, w.Status, w.LastSeenAt });
        b.HasMany(w => w.Cases).WithOne().HasForeignKey(c => c.WarningId);
    }
}

internal sealed class EarlyWarningCaseConfiguration : IEntityTypeConfiguration<EarlyWarningCase>
{
    public void Configure(EntityTypeBuilder<EarlyWarningCase> b)
    {
        b.Property(c => c.CaseCode).HasMaxLength(24);
        b.Property(c => c.RegionCode).HasMaxLength(17);
        b.HasIndex(c => new { c.WarningId, c.CaseId }).IsUnique();
    }
}
