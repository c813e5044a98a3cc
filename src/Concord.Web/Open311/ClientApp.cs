using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Open311;

/// <summary>
/// An outside system (a hotline, a mini-program, a city app) registered to use the Open311
/// API. It acts inside its owning organisation's region: requests it files must lie there, and
/// it reads back only requests of that region. Its api_key is shown once at creation and stored
/// only as a keyed digest (<see cref="ClientAppKeys"/>).
/// </summary>
public sealed class ClientApp : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The owning organisation's region: the app's scope.</summary>
    public required string RegionCode { get; init; }

    public long OrgUnitId { get; init; }

    public required string Name { get; set; }

    /// <summary>The app's contact person at the operating organisation.</summary>
    public required string ContactName { get; set; }

    public ProtectedValue ContactPhone { get; set; } = ProtectedValue.None;

    /// <summary>The key's first characters (<c>o311_1a2b3c4d</c>), so staff can tell keys apart.</summary>
    public required string KeyPrefix { get; init; }

    /// <summary>Keyed SM3 digest of the whole key; the key itself is never stored.</summary>
    public required string KeyDigest { get; init; }

    public DateTime CreatedAt { get; init; }

    public long? CreatedByUserId { get; init; }

    public DateTime? RevokedAt { get; set; }

    public long? RevokedByUserId { get; set; }

    public string? RevokeReason { get; set; }

    public bool Active => RevokedAt is null;
}

internal sealed class ClientAppConfiguration : IEntityTypeConfiguration<ClientApp>
{
    public void Configure(EntityTypeBuilder<ClientApp> b)
    {
        b.Property(a => a.RegionCode).HasMaxLength(17);
        b.Property(a => a.Name).HasMaxLength(100);
        b.Property(a => a.ContactName).HasMaxLength(50);
        b.ComplexProperty(a => a.ContactPhone, Persistence.ResidentConfiguration.Protected);
        b.Property(a => a.KeyPrefix).HasMaxLength(20);
        b.Property(a => a.KeyDigest).HasMaxLength(64);
        b.Property(a => a.RevokeReason).HasMaxLength(200);
        b.Ignore(a => a.Active);
        b.HasIndex(a => a.KeyDigest).IsUnique();
        b.HasIndex(a => a.RegionCode);
    }
}
