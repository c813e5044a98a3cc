using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Events;

internal sealed class GridEventConfiguration : IEntityTypeConfiguration<GridEvent>
{
    public void Configure(EntityTypeBuilder<GridEvent> b)
    {
        b.ToTable("grid_events");
        b.Property(e => e.Code).HasMaxLength(24);
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.ItemCode).HasMaxLength(8);
        b.Property(e => e.Text).HasMaxLength(4000);
        b.Property(e => e.Address).HasMaxLength(200);
        b.Property(e => e.AddressKey).HasMaxLength(200);
        b.Property(e => e.ReporterName).HasMaxLength(100);
        b.Property(e => e.ClientId).HasMaxLength(100);
        b.Property(e => e.CaseCode).HasMaxLength(24);
        b.Property(e => e.RatingComment).HasMaxLength(500);
        b.Property(e => e.RatingToken).HasMaxLength(40);
        b.Property(e => e.IdempotencyScope).HasMaxLength(120);
        b.Property(e => e.IdempotencyKey).HasMaxLength(100);
        b.Property(e => e.RequestHash).HasMaxLength(64);
        b.ComplexProperty(e => e.ReporterPhone, ResidentConfiguration.Protected);
        b.ComplexProperty(e => e.ReporterEmail, p =>
        {
            ResidentConfiguration.Protected(p);
            p.Property(v => v.Masked).HasMaxLength(100);
        });
        b.HasIndex(e => e.Code).IsUnique();
        b.HasIndex(e => new { e.RegionCode, e.Id });
        b.HasIndex(e => new { e.Status, e.Id });

        // "My tasks": the events of a grid in the statuses waiting for its worker, and a worker's own
        // reports, each with the sort keys and the id — a task list is read from the index alone,
        // then the rows of the first page only (0019, 0021; docs/decisions/0008-my-tasks-raw-reads.md).
        b.HasIndex(e => new { e.RegionCode, e.Status, e.DueAt, e.ReportedAt, e.ReporterUserId, e.Id }, "ix_grid_events_tasks");
        b.HasIndex(e => new { e.DepartmentOrgUnitId, e.Status });
        b.HasIndex(e => new { e.ReporterUserId, e.Status, e.DueAt, e.ReportedAt, e.RegionCode, e.Id }, "ix_grid_events_reporter_tasks");
        b.HasIndex(e => e.CaseId);
        b.HasIndex(e => e.RatingToken).IsUnique();
        b.HasIndex(e => new { e.IdempotencyScope, e.IdempotencyKey }).IsUnique();

        // Possible duplicates: same item inside a latitude band (then longitude, then haversine),
        // and the same address within 7 days.
        b.HasIndex(e => new { e.ItemCode, e.Latitude, e.Longitude });
        b.HasIndex(e => new { e.AddressKey, e.ReportedAt });
        b.HasMany(e => e.Photos).WithOne().HasForeignKey(p => p.EventId);
        b.HasMany(e => e.Timeline).WithOne().HasForeignKey(t => t.EventId);
        b.HasMany(e => e.Deadlines).WithOne().HasForeignKey(d => d.EventId);
    }
}

internal sealed class EventPhotoConfiguration : IEntityTypeConfiguration<EventPhoto>
{
    public void Configure(EntityTypeBuilder<EventPhoto> b)
    {
        b.Property(p => p.RegionCode).HasMaxLength(17);
        b.Property(p => p.FileName).HasMaxLength(255);
        b.Property(p => p.ContentType).HasMaxLength(100);
        b.Property(p => p.Sha256).HasMaxLength(64);
        b.Property(p => p.StoragePath).HasMaxLength(200);
        b.HasIndex(p => new { p.EventId, p.Sha256 }).IsUnique();
    }
}

internal sealed class EventEntryConfiguration : IEntityTypeConfiguration<EventEntry>
{
    public void Configure(EntityTypeBuilder<EventEntry> b)
    {
        b.ToTable("event_timeline");
        b.Property(e => e.RegionCode).HasMaxLength(17);
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Text).HasMaxLength(2000);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.ActorOrgName).HasMaxLength(200);
        b.HasIndex(e => e.EventId);
    }
}

internal sealed class EventDeadlineConfiguration : IEntityTypeConfiguration<EventDeadline>
{
    public void Configure(EntityTypeBuilder<EventDeadline> b)
    {
        b.Property(d => d.RegionCode).HasMaxLength(17);
        b.HasIndex(d => d.EventId);
        b.HasIndex(d => d.NextActionAt);

        // "My tasks" sorts a grid's events by their running deadline: a lookup per event that this
        // small partial index answers without reading the deadline rows (script 0020).
        b.HasIndex(d => new { d.EventId, d.DueAt, d.RegionCode }, "ix_event_deadlines_running")
            .HasFilter("met_at IS NULL");
    }
}

internal sealed class EventSequenceConfiguration : IEntityTypeConfiguration<EventSequence>
{
    public void Configure(EntityTypeBuilder<EventSequence> b)
    {
        b.HasKey(s => new { s.CountyCode, s.Year });
        b.Property(s => s.CountyCode).HasMaxLength(6);
    }
}
