using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Confirmation;

public enum ConfirmationOutcome
{
    Confirmed,
    RejectedAmend,
    RejectedLitigate,
}

/// <summary>司法确认: the parties' joint application to a court, its acceptance and its outcome.</summary>
public sealed class JudicialConfirmation : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public required string Court { get; init; }

    public DateTime AppliedAt { get; init; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? DecidedAt { get; set; }

    public ConfirmationOutcome? Outcome { get; set; }

    public string? Note { get; set; }
}

internal sealed class JudicialConfirmationConfiguration : IEntityTypeConfiguration<JudicialConfirmation>
{
    public void Configure(EntityTypeBuilder<JudicialConfirmation> b)
    {
        b.Property(j => j.RegionCode).HasMaxLength(17);
        b.Property(j => j.Court).HasMaxLength(100);
        b.Property(j => j.Note).HasMaxLength(1000);
        b.HasIndex(j => j.CaseId);
    }
}
