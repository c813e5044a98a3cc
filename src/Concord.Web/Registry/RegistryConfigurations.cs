using Concord.Web.Grids;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Registry;

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> b)
    {
        b.Property(p => p.RegionCode).HasMaxLength(17);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Address).HasMaxLength(200);
        b.HasIndex(p => new { p.RegionCode, p.Id });
    }
}

internal sealed class CityPartConfiguration : IEntityTypeConfiguration<CityPart>
{
    public void Configure(EntityTypeBuilder<CityPart> b)
    {
        b.Property(p => p.RegionCode).HasMaxLength(17);
        b.Property(p => p.KindCode).HasMaxLength(4);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Location).HasMaxLength(200);
        b.Property(p => p.OwnerDepartment).HasMaxLength(100);
        b.HasIndex(p => new { p.RegionCode, p.Id });
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(o => o.RegionCode).HasMaxLength(17);
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.CreditCode).HasMaxLength(18);
        b.Property(o => o.Address).HasMaxLength(200);
        b.ComplexProperty(o => o.ContactName, ResidentConfiguration.Protected);
        b.ComplexProperty(o => o.ContactPhone, ResidentConfiguration.Protected);
        b.HasIndex(o => new { o.RegionCode, o.Id });
        b.HasIndex(o => o.CreditCode);
    }
}

internal sealed class SentimentNoteConfiguration : IEntityTypeConfiguration<SentimentNote>
{
    public void Configure(EntityTypeBuilder<SentimentNote> b)
    {
        b.Property(n => n.RegionCode).HasMaxLength(17);
        b.Property(n => n.Text).HasMaxLength(2000);
        b.Property(n => n.ReporterName).HasMaxLength(50);
        b.HasIndex(n => new { n.RegionCode, n.ReportedAt });
    }
}

internal sealed class RegistryImportConfiguration : IEntityTypeConfiguration<RegistryImport>
{
    public void Configure(EntityTypeBuilder<RegistryImport> b)
    {
        b.Property(i => i.RegionCode).HasMaxLength(17);
        b.Property(i => i.Kind).HasMaxLength(20);
        b.Property(i => i.FileName).HasMaxLength(200);
        b.Property(i => i.FileHash).HasMaxLength(64);
        b.HasIndex(i => new { i.UserId, i.FileHash });
    }
}

internal sealed class GridMemberConfiguration : IEntityTypeConfiguration<GridMember>
{
    public void Configure(EntityTypeBuilder<GridMember> b)
    {
        b.Property(m => m.RegionCode).HasMaxLength(17);
        b.Property(m => m.Name).HasMaxLength(50);
        b.ComplexProperty(m => m.Phone, ResidentConfiguration.Protected);
        b.HasIndex(m => m.RegionCode);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class GridAssignmentConfiguration : IEntityTypeConfiguration<GridAssignment>
{
    public void Configure(EntityTypeBuilder<GridAssignment> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.MemberName).HasMaxLength(50);
        b.Property(a => a.AssignedByName).HasMaxLength(50);
        b.Property(a => a.EndedByName).HasMaxLength(50);
        b.Property(a => a.EndReason).HasMaxLength(200);
        b.HasIndex(a => new { a.RegionCode, a.To });
        b.HasIndex(a => a.MemberId);
    }
}
