using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Visits;

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.Property(v => v.Reference).HasMaxLength(32);
        b.Property(v => v.RegionCode).HasMaxLength(17);
        b.Property(v => v.Findings).HasMaxLength(2000);
        b.Property(v => v.FollowUpNote).HasMaxLength(500);
        b.Property(v => v.VisitorName).HasMaxLength(50);
        b.HasIndex(v => v.Reference).IsUnique();
        // A grid's (or any subtree's) visits in a time range; a visitor's visits; a household's history.
        b.HasIndex(v => new { v.RegionCode, v.VisitedAt });
        b.HasIndex(v => new { v.VisitorUserId, v.VisitedAt });
        b.HasIndex(v => new { v.HouseholdId, v.VisitedAt });
    }
}

internal sealed class HouseholdVisitStateConfiguration : IEntityTypeConfiguration<HouseholdVisitState>
{
    public void Configure(EntityTypeBuilder<HouseholdVisitState> b)
    {
        b.HasKey(s => s.HouseholdId);
        b.Property(s => s.HouseholdId).ValueGeneratedNever();
        b.Property(s => s.RegionCode).HasMaxLength(17);
        b.Property(s => s.KeyReason).HasMaxLength(200);
        b.Property(s => s.KeyMarkedBy).HasMaxLength(50);
        // Coverage: households of a subtree visited since a cutoff is one range scan of this index.
        b.HasIndex(s => new { s.RegionCode, s.LastVisitedAt });
    }
}

internal sealed class ReviewMeetingConfiguration : IEntityTypeConfiguration<ReviewMeeting>
{
    public void Configure(EntityTypeBuilder<ReviewMeeting> b)
    {
        b.Property(m => m.RegionCode).HasMaxLength(17);
        b.Property(m => m.Place).HasMaxLength(100);
        b.Property(m => m.Attendees).HasMaxLength(500);
        b.Property(m => m.Topics).HasMaxLength(4000);
        b.Property(m => m.RecordedByName).HasMaxLength(50);
        b.HasIndex(m => new { m.RegionCode, m.HeldOn });
        b.HasMany(m => m.Members).WithOne().HasForeignKey(x => x.MeetingId);
        b.HasMany(m => m.Items).WithOne().HasForeignKey(x => x.MeetingId);
    }
}

internal sealed class ReviewMeetingMemberConfiguration : IEntityTypeConfiguration<ReviewMeetingMember>
{
    public void Configure(EntityTypeBuilder<ReviewMeetingMember> b)
    {
        b.Property(m => m.RegionCode).HasMaxLength(17);
        b.Property(m => m.Name).HasMaxLength(50);
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> b)
    {
        b.Property(i => i.RegionCode).HasMaxLength(17);
        b.Property(i => i.Text).HasMaxLength(500);
        b.Property(i => i.OwnerName).HasMaxLength(50);
        b.Property(i => i.DoneNote).HasMaxLength(500);
        b.Property(i => i.DoneByName).HasMaxLength(50);
        // Open items of a place, by due date.
        b.HasIndex(i => new { i.RegionCode, i.Status, i.DueOn });
    }
}
