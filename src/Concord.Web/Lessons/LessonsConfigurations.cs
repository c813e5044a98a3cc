using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Lessons;

internal sealed class LessonReviewConfiguration : IEntityTypeConfiguration<LessonReview>
{
    public void Configure(EntityTypeBuilder<LessonReview> b)
    {
        b.Property(r => r.RegionCode).HasMaxLength(17);
        b.Property(r => r.Title).HasMaxLength(100);
        b.Property(r => r.Cause).HasMaxLength(4000);
        b.Property(r => r.CreatedByName).HasMaxLength(50);
        b.Property(r => r.ClosedByName).HasMaxLength(50);
        b.Property(r => r.ClosingNote).HasMaxLength(1000);
        // The reviews of a subtree, newest first.
        b.HasIndex(r => new { r.RegionCode, r.CreatedAt });
        b.HasMany(r => r.Cases).WithOne().HasForeignKey(x => x.ReviewId);
        b.HasMany(r => r.Gaps).WithOne().HasForeignKey(x => x.ReviewId);
        b.HasMany(r => r.Actions).WithOne().HasForeignKey(x => x.ReviewId);
    }
}

internal sealed class LessonReviewCaseConfiguration : IEntityTypeConfiguration<LessonReviewCase>
{
    public void Configure(EntityTypeBuilder<LessonReviewCase> b)
    {
        b.Property(c => c.RegionCode).HasMaxLength(17);
        b.Property(c => c.CaseCode).HasMaxLength(32);
        b.Property(c => c.Reasons).HasMaxLength(100);
        b.HasIndex(c => new { c.ReviewId, c.CaseId }).IsUnique();
        // "Is this candidate already under review?"
        b.HasIndex(c => c.CaseId);
    }
}

internal sealed class LessonGapConfiguration : IEntityTypeConfiguration<LessonGap>
{
    public void Configure(EntityTypeBuilder<LessonGap> b)
    {
        b.Property(g => g.RegionCode).HasMaxLength(17);
        b.Property(g => g.Text).HasMaxLength(500);
    }
}

internal sealed class LessonActionConfiguration : IEntityTypeConfiguration<LessonAction>
{
    public void Configure(EntityTypeBuilder<LessonAction> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.Text).HasMaxLength(500);
        b.Property(a => a.OwnerOrgName).HasMaxLength(100);
        b.Property(a => a.OwnerName).HasMaxLength(50);
        b.Property(a => a.Evidence).HasMaxLength(2000);
        b.Property(a => a.DoneByName).HasMaxLength(50);
        // 我的整改任务: a person's and an org unit's open actions by due date.
        b.HasIndex(a => new { a.OwnerUserId, a.DueOn });
        b.HasIndex(a => new { a.OwnerOrgUnitId, a.DueOn });
    }
}
