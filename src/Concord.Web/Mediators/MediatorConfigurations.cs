using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Mediators;

internal sealed class MediatorConfiguration : IEntityTypeConfiguration<Mediator>
{
    public void Configure(EntityTypeBuilder<Mediator> b)
    {
        b.Property(m => m.RegionCode).HasMaxLength(17);
        b.Property(m => m.Name).HasMaxLength(50);
        b.Property(m => m.CategoryCodes).HasMaxLength(200);
        b.Property(m => m.Dialects).HasMaxLength(100);
        b.Ignore(m => m.Categories);
        b.HasIndex(m => m.RegionCode);
        b.HasIndex(m => m.OrgUnitId);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class ExpertConfiguration : IEntityTypeConfiguration<Expert>
{
    public void Configure(EntityTypeBuilder<Expert> b)
    {
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.Name).HasMaxLength(50);
        b.Property(e => e.Specialty).HasMaxLength(100);
        b.Property(e => e.Organisation).HasMaxLength(100);
        b.HasIndex(e => e.RegionCode);
    }
}

internal sealed class CaseMediatorConfiguration : IEntityTypeConfiguration<CaseMediator>
{
    public void Configure(EntityTypeBuilder<CaseMediator> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);

        // One assignment per mediator and case: a second assignment is refused, and this backs it.
        b.HasIndex(a => new { a.CaseId, a.MediatorId }).IsUnique();
        b.HasIndex(a => a.MediatorId);
    }
}

internal sealed class CaseExpertConfiguration : IEntityTypeConfiguration<CaseExpert>
{
    public void Configure(EntityTypeBuilder<CaseExpert> b)
    {
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.Purpose).HasMaxLength(500);
        b.HasIndex(e => new { e.CaseId, e.ExpertId }).IsUnique();
    }
}

internal sealed class ConflictDeclarationConfiguration : IEntityTypeConfiguration<ConflictDeclaration>
{
    public void Configure(EntityTypeBuilder<ConflictDeclaration> b)
    {
        b.Property(d => d.RegionCode).HasMaxLength(17);
        b.Property(d => d.Reason).HasMaxLength(500);
        b.HasIndex(d => new { d.CaseId, d.MediatorId }).IsUnique();
    }
}
