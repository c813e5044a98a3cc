using Concord.Domain.Dashboard;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Dashboard;

/// <summary>
/// One roll-up row: the figures of a place (village up to province), a month (yyyyMM, China
/// time) and a breakdown (<see cref="Rollups.Total"/>, <c>c:</c>category, <c>h:</c>channel,
/// <c>r:</c>risk). Maintained in the same transaction as every change of a case or deadline
/// (see <see cref="RollupStore"/>); scoped like the cases it counts, so a town leader reads
/// only the rows of the town and below. Property names are the <see cref="Figure"/> names.
/// </summary>
public sealed class CaseRollup : IRegionScoped
{
    public required string RegionCode { get; init; }

    public int Period { get; init; }

    public required string Dim { get; init; }

    /// <summary>The place one level up ('' for a province): children of a place are read through it.</summary>
    public required string ParentCode { get; init; }

    public long Registered { get; set; }

    public long Concluded { get; set; }

    public long ConcludedOnTime { get; set; }

    public long Resolved { get; set; }

    public long Failed { get; set; }

    public long Withdrawn { get; set; }

    public long Rated { get; set; }

    public long Satisfied { get; set; }

    public long Urgent { get; set; }

    public long RepeatDispute { get; set; }

    public long GroupDispute { get; set; }

    public long ConcludedInMonth { get; set; }

    public long ResolvedInMonth { get; set; }

    public long FailedInMonth { get; set; }

    public long OverdueDeadlines { get; set; }

    public long EscalatedDeadlines { get; set; }

    public long this[Figure figure] => figure switch
    {
        Figure.Registered => Registered,
        Figure.Concluded => Concluded,
        Figure.ConcludedOnTime => ConcludedOnTime,
        Figure.Resolved => Resolved,
        Figure.Failed => Failed,
        Figure.Withdrawn => Withdrawn,
        Figure.Rated => Rated,
        Figure.Satisfied => Satisfied,
        Figure.Urgent => Urgent,
        Figure.RepeatDispute => RepeatDispute,
        Figure.GroupDispute => GroupDispute,
        Figure.ConcludedInMonth => ConcludedInMonth,
        Figure.ResolvedInMonth => ResolvedInMonth,
        Figure.FailedInMonth => FailedInMonth,
        Figure.OverdueDeadlines => OverdueDeadlines,
        Figure.EscalatedDeadlines => EscalatedDeadlines,
        _ => throw new ArgumentOutOfRangeException(nameof(figure)),
    };
}

internal sealed class CaseRollupConfiguration : IEntityTypeConfiguration<CaseRollup>
{
    public void Configure(EntityTypeBuilder<CaseRollup> b)
    {
        b.HasKey(r => new { r.RegionCode, r.Period, r.Dim });
        b.Property(r => r.RegionCode).HasMaxLength(12);
        b.Property(r => r.Dim).HasMaxLength(24);
        b.Property(r => r.ParentCode).HasMaxLength(12);
        // A place's own rows are read by the key; its children (drill-down, rankings) by parent.
        b.HasIndex(r => new { r.ParentCode, r.Dim, r.Period });
    }
}
