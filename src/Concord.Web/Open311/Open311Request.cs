using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Open311;

/// <summary>
/// What Open311 adds to an event filed through it: the client app, the token, the service code
/// as sent, the fields the event has no place for (media_url, device_id, account_id, the
/// attribute answers) and the retry fingerprint. The event itself (status, timeline, deadlines)
/// is an ordinary <see cref="Events.GridEvent"/> that staff handle like any other.
/// </summary>
public sealed class Open311Request : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The event's place (grid or village).</summary>
    public required string RegionCode { get; init; }

    public long ClientAppId { get; init; }

    public long EventId { get; init; }

    /// <summary>The event code, published as <c>service_request_id</c>.</summary>
    public required string EventCode { get; init; }

    /// <summary>Random; <c>GET tokens/{token}</c> answers the service_request_id.</summary>
    public required string Token { get; init; }

    public required string ServiceCode { get; init; }

    public string? MediaUrl { get; init; }

    public string? DeviceId { get; init; }

    public string? AccountId { get; init; }

    /// <summary>The attribute answers as sent (JSON object code → value(s)).</summary>
    public string? AttributesJson { get; init; }

    /// <summary>SHA-256 of the request's fields: a retry without a key within the window is the same request.</summary>
    public required string RequestDigest { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// A point for a village or grid, to place a request that comes with coordinates only (nearest
/// point within <see cref="FileRequest.Locator.MaxDistanceMetres"/>). The demo county's points
/// are synthetic (Open311/DemoClientApps.cs); a real county loads surveyed centroids.
/// </summary>
public sealed class RegionLocation : IRegionScoped
{
    public required string RegionCode { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }
}

internal sealed class Open311RequestConfiguration : IEntityTypeConfiguration<Open311Request>
{
    public void Configure(EntityTypeBuilder<Open311Request> b)
    {
        b.Property(r => r.RegionCode).HasMaxLength(17);
        b.Property(r => r.EventCode).HasMaxLength(24);
        b.Property(r => r.Token).HasMaxLength(32);
        b.Property(r => r.ServiceCode).HasMaxLength(32);
        b.Property(r => r.MediaUrl).HasMaxLength(500);
        b.Property(r => r.DeviceId).HasMaxLength(100);
        b.Property(r => r.AccountId).HasMaxLength(100);
        b.Property(r => r.AttributesJson).HasMaxLength(4000);
        b.Property(r => r.RequestDigest).HasMaxLength(64);
        b.HasIndex(r => r.Token).IsUnique();
        b.HasIndex(r => r.EventId).IsUnique();
        b.HasIndex(r => r.EventCode);
        b.HasIndex(r => new { r.ClientAppId, r.RequestDigest, r.CreatedAt });
        b.HasIndex(r => new { r.RegionCode, r.CreatedAt });
    }
}

internal sealed class RegionLocationConfiguration : IEntityTypeConfiguration<RegionLocation>
{
    public void Configure(EntityTypeBuilder<RegionLocation> b)
    {
        b.HasKey(l => l.RegionCode);
        b.Property(l => l.RegionCode).HasMaxLength(17);
    }
}
