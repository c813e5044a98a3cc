using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Agreements;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.Parties).HasMaxLength(2000);
        b.Property(a => a.Facts).HasMaxLength(4000);
        b.Property(a => a.DisputedItems).HasMaxLength(2000);
        b.Property(a => a.Responsibility).HasMaxLength(2000);
        b.Property(a => a.Terms).HasMaxLength(4000);
        b.Property(a => a.PerformanceMethod).HasMaxLength(500);
        b.Property(a => a.PerformancePlace).HasMaxLength(200);
        b.HasIndex(a => a.CaseId).IsUnique();
        b.HasOne<Cases.Case>().WithMany().HasForeignKey(a => a.CaseId);
        b.HasMany(a => a.Signatures).WithOne().HasForeignKey(s => s.AgreementId);
    }
}

internal sealed class AgreementSignatureConfiguration : IEntityTypeConfiguration<AgreementSignature>
{
    public void Configure(EntityTypeBuilder<AgreementSignature> b)
    {
        b.Property(s => s.RegionCode).HasMaxLength(17);
        b.Property(s => s.PartyName).HasMaxLength(100);
        b.Property(s => s.PartyRole).HasMaxLength(20);
        b.HasIndex(s => s.AgreementId);
    }
}
