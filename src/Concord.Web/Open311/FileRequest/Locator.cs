using Concord.Domain.Events;
using Concord.Domain.Regions;
using Concord.Web.Open311.GeoReport;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311.FileRequest;

/// <summary>
/// Places a request in a village or grid of the client app's scope, by the first of:
/// <c>address_id</c> (a village or grid code — our "master address repository" is the
/// administrative tree), <c>lat</c>+<c>long</c> (the nearest village/grid point within
/// <see cref="MaxDistanceMetres"/>), <c>address_string</c> (a village name in the text, e.g.
/// "文昌街道西苑小区3栋" → 西苑居委会). Only places the app's scope holds are candidates: the
/// scoped context sees no others.
/// </summary>
public sealed class Locator(ConcordDb db)
{
    public const double MaxDistanceMetres = 5_000;

    private static readonly string[] s_suffixes = ["社区居民委员会", "村民委员会", "社区居委会", "居民委员会", "居委会", "村委会", "社区", "村"];

    public sealed record Place(string RegionCode, string Name);

    public async Task<Place> LocateAsync(double? latitude, double? longitude, string? address, string? addressId, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(addressId))
        {
            var code = addressId.Trim();
            var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
            return region is { Level: RegionLevel.Village or RegionLevel.Grid }
                ? new Place(region.Code, region.Name)
                : throw new GeoReportException(400, "address_id 应为本应用管辖范围内的村（社区）或网格代码（12 位或 15 位）。");
        }

        if (latitude is { } lat && longitude is { } lon)
        {
            var near = await NearestAsync(lat, lon, ct);
            if (near is not null)
            {
                return near;
            }

            if (string.IsNullOrWhiteSpace(address))
            {
                throw new GeoReportException(400, "该经纬度不在本应用管辖范围内的村（社区）附近：请核对位置，或同时提供 address_string / address_id。");
            }
        }

        return await ByAddressAsync(address!, ct);
    }

    private async Task<Place?> NearestAsync(double lat, double lon, CancellationToken ct)
    {
        var box = Geo.BoundingBox(lat, lon, MaxDistanceMetres);
        var points = await db.RegionLocations.AsNoTracking()
            .Where(p => p.Latitude >= box.MinLat && p.Latitude <= box.MaxLat && p.Longitude >= box.MinLon && p.Longitude <= box.MaxLon)
            .ToListAsync(ct);
        var nearest = points.Select(p => (p, d: Geo.DistanceMetres(lat, lon, p.Latitude, p.Longitude)))
            .Where(x => x.d <= MaxDistanceMetres).OrderBy(x => x.d).Select(x => x.p).FirstOrDefault();
        if (nearest is null)
        {
            return null;
        }

        var name = await db.Regions.AsNoTracking().Where(r => r.Code == nearest.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct);
        return name is null ? null : new Place(nearest.RegionCode, name);
    }

    private async Task<Place> ByAddressAsync(string address, CancellationToken ct)
    {
        var villages = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village)
            .Select(r => new { r.Code, r.Name, r.ParentCode }).ToListAsync(ct);
        var towns = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Town).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        // "文昌街道西苑小区": the town's own name is not a village's (文昌社区) mention.
        var text = towns.Values.OrderByDescending(n => n.Length).Aggregate(address, (a, town) => a.Replace(town, " ", StringComparison.Ordinal));
        var matches = villages.Select(v => (v, core: CoreName(v.Name)))
            .Where(x => x.core.Length >= 2 && text.Contains(x.core, StringComparison.Ordinal))
            .ToList();
        if (matches.Count > 1)
        {
            // Several villages' names appear: keep the longest names, then those whose town is named too.
            var longest = matches.Max(m => m.core.Length);
            matches = [.. matches.Where(m => m.core.Length == longest)];
            if (matches.Count > 1)
            {
                var withTown = matches.Where(m => m.v.ParentCode is { } p && towns.TryGetValue(p, out var t) && address.Contains(CoreName(t), StringComparison.Ordinal)).ToList();
                matches = withTown.Count > 0 ? withTown : matches;
            }
        }

        return matches.Count switch
        {
            1 => new Place(matches[0].v.Code, matches[0].v.Name),
            0 => throw new GeoReportException(400, "无法从 address_string 确定所在村（社区）：请写明村（社区）名称，或提供 address_id / 经纬度。"),
            _ => throw new GeoReportException(400, $"address_string 可能属于多个村（社区）（{string.Join("、", matches.Take(5).Select(m => m.v.Name))}）：请写明乡镇（街道），或提供 address_id。"),
        };
    }

    /// <summary>西苑居委会 → 西苑, 六尺巷社区居委会 → 六尺巷, 文昌街道 → 文昌.</summary>
    public static string CoreName(string name)
    {
        foreach (var suffix in s_suffixes.Concat(["街道办事处", "街道", "镇", "乡"]))
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length + 1)
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }
}
