using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.TypicalCases;

public enum TypicalCaseStatus
{
    Draft,
    Published,
    Unpublished,
}

/// <summary>
/// 典型案例: a closed case retold without its people, for the public page. It holds only the
/// anonymised texts; the link to its source case (<see cref="SourceCaseId"/>) and the list of
/// what was replaced are for staff and never leave through the public page or API.
/// </summary>
public sealed class TypicalCase : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The source case's region, so whoever sees the case sees its typical case (the public sees only the village name).</summary>
    public required string RegionCode { get; init; }

    public long SourceCaseId { get; init; }

    public required string CategoryCode { get; set; }

    public required string Title { get; set; }

    /// <summary>Where, coarsened to the village: 桐城市文昌街道西苑社区.</summary>
    public required string PlaceName { get; init; }

    /// <summary>When, to the month: 2026-03.</summary>
    public required string Period { get; init; }

    public required string Summary { get; set; }

    public required string Narrative { get; set; }

    public required string Result { get; set; }

    /// <summary>典型意义: the reviewer's lesson.</summary>
    public string? Commentary { get; set; }

    public TypicalCaseStatus Status { get; set; }

    /// <summary>JSON list of what the anonymiser replaced, originals masked like any personal data (ID numbers, phones, addresses).</summary>
    public string Replacements { get; set; } = "[]";

    public DateTime CreatedAt { get; init; }

    public long? CreatedByUserId { get; init; }

    public required string CreatedByName { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    public string? PublishedByName { get; set; }

    public DateTime? UnpublishedAt { get; set; }

    public string? UnpublishReason { get; set; }
}

internal sealed class TypicalCaseConfiguration : IEntityTypeConfiguration<TypicalCase>
{
    public void Configure(EntityTypeBuilder<TypicalCase> b)
    {
        b.Property(t => t.RegionCode).HasMaxLength(17);
        b.Property(t => t.CategoryCode).HasMaxLength(8);
        b.Property(t => t.Title).HasMaxLength(100);
        b.Property(t => t.PlaceName).HasMaxLength(100);
        b.Property(t => t.Period).HasMaxLength(7);
        b.Property(t => t.Summary).HasMaxLength(500);
        b.Property(t => t.Narrative).HasMaxLength(8000);
        b.Property(t => t.Result).HasMaxLength(4000);
        b.Property(t => t.Commentary).HasMaxLength(2000);
        b.Property(t => t.CreatedByName).HasMaxLength(50);
        b.Property(t => t.PublishedByName).HasMaxLength(50);
        b.Property(t => t.UnpublishReason).HasMaxLength(200);
        // One typical case per source case; the public list pages through the published ones by date.
        b.HasIndex(t => t.SourceCaseId).IsUnique();
        b.HasIndex(t => new { t.Status, t.PublishedAt });
        b.HasIndex(t => new { t.Status, t.CategoryCode, t.PublishedAt });
        b.HasIndex(t => new { t.RegionCode, t.UpdatedAt });
    }
}
