using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Closing;

internal sealed class FollowUpVisitConfiguration : IEntityTypeConfiguration<FollowUpVisit>
{
    public void Configure(EntityTypeBuilder<FollowUpVisit> b)
    {
        b.Property(v => v.RegionCode).HasMaxLength(17);
        b.Property(v => v.Notes).HasMaxLength(2000);
        b.Property(v => v.VisitorName).HasMaxLength(50);
        b.HasIndex(v => v.CaseId);
    }
}

internal sealed class RatingRequestConfiguration : IEntityTypeConfiguration<RatingRequest>
{
    public void Configure(EntityTypeBuilder<RatingRequest> b)
    {
        b.Property(r => r.RegionCode).HasMaxLength(17);
        b.Property(r => r.PartyName).HasMaxLength(100);
        b.Property(r => r.Token).HasMaxLength(40);
        b.Property(r => r.Comment).HasMaxLength(1000);
        b.HasIndex(r => r.Token).IsUnique();
        b.HasIndex(r => r.CaseId);
    }
}

internal sealed class CaseFileEntryConfiguration : IEntityTypeConfiguration<CaseFileEntry>
{
    public void Configure(EntityTypeBuilder<CaseFileEntry> b)
    {
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.Note).HasMaxLength(500);
        b.HasIndex(e => new { e.CaseId, e.Item }).IsUnique();
    }
}
