using Concord.Domain.Events;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events.FindDuplicates;

/// <summary>
/// Possible duplicates (疑似重复): events of the same item within 50 m that are still open or
/// were reported in the last 7 days, and events at the same address reported in the last 7
/// days. Shown on the report form before submitting and to the dispatcher on the event page.
/// The 50 m search is a range on the indexed (item_code, latitude, longitude) columns — a
/// bounding box — and the exact haversine distance on the few rows inside it; the address
/// search is an equality on the indexed (address_key, reported_at).
/// </summary>
public static class FindDuplicates
{
    public const double RadiusMetres = 50;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromDays(7);

    public sealed record Query(string? ItemCode, double? Latitude, double? Longitude, string? Address, string? ExcludeCode = null);

    public sealed record Match(string Code, string ItemCode, string ItemName, string Status, string StatusLabel, string? Address, DateTime ReportedAt, double? DistanceMetres, string Reason);

    public sealed class Handler(EventAccess access, TimeProvider clock)
    {
        public async Task<IReadOnlyList<Match>> HandleAsync(Query query, CancellationToken ct = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var since = now - AddressWindow;
            var matches = new Dictionary<string, Match>(StringComparer.Ordinal);
            if (EventTaxonomy.FindItem(query.ItemCode) is { } item && query.Latitude is { } lat && query.Longitude is { } lon && Geo.IsValid(lat, lon))
            {
                var box = Geo.BoundingBox(lat, lon, RadiusMetres);
                var near = await access.Visible().AsNoTracking()
                    .Where(e => e.ItemCode == item.Code && e.Latitude >= box.MinLat && e.Latitude <= box.MaxLat && e.Longitude >= box.MinLon && e.Longitude <= box.MaxLon)
                    .Where(e => e.Status != EventStatus.Dismissed && e.Status != EventStatus.Converted)
                    .OrderByDescending(e => e.Id).Take(200)
                    .Select(e => new { e.Code, e.ItemCode, e.Status, e.Address, e.ReportedAt, e.Latitude, e.Longitude, e.ClosedAt })
                    .ToListAsync(ct);
                foreach (var e in near)
                {
                    var distance = Geo.DistanceMetres(lat, lon, e.Latitude!.Value, e.Longitude!.Value);
                    var recentOrOpen = e.ClosedAt is null || e.ReportedAt >= since;
                    if (distance <= RadiusMetres && recentOrOpen && e.Code != query.ExcludeCode)
                    {
                        matches[e.Code] = new Match(e.Code, e.ItemCode, EventTaxonomy.NameOf(e.ItemCode), e.Status.ToString(), EventLifecycle.Label(e.Status), e.Address, e.ReportedAt,
                            Math.Round(distance, 1), $"同类事件，相距约 {Math.Round(distance)} 米");
                    }
                }
            }

            if (ReportEvent.ReportEvent.Clean(query.Address) is { } address && ReportEvent.ReportEvent.AddressKey(address) is { Length: > 0 } key)
            {
                var same = await access.Visible().AsNoTracking()
                    .Where(e => e.AddressKey == key && e.ReportedAt >= since && e.Status != EventStatus.Dismissed)
                    .OrderByDescending(e => e.ReportedAt).Take(50)
                    .Select(e => new { e.Code, e.ItemCode, e.Status, e.Address, e.ReportedAt })
                    .ToListAsync(ct);
                foreach (var e in same.Where(e => e.Code != query.ExcludeCode && !matches.ContainsKey(e.Code)))
                {
                    matches[e.Code] = new Match(e.Code, e.ItemCode, EventTaxonomy.NameOf(e.ItemCode), e.Status.ToString(), EventLifecycle.Label(e.Status), e.Address, e.ReportedAt,
                        null, $"同一地址，{Fmt.Time(e.ReportedAt)} 已上报");
                }
            }

            return [.. matches.Values.OrderByDescending(m => m.ReportedAt)];
        }

        /// <summary>Duplicates of an existing event (for the dispatcher).</summary>
        public async Task<IReadOnlyList<Match>> OfEventAsync(string code, CancellationToken ct = default)
        {
            var e = await access.FindAsync(code, ct);
            return await HandleAsync(new Query(e.ItemCode, e.Latitude, e.Longitude, e.Address, e.Code), ct);
        }
    }
}
