using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311;

/// <summary>
/// Demo client applications with published keys (README), so a newcomer can <c>curl</c> the API
/// at once. Real deployments create apps on /admin/open311, where a key is shown only once.
/// </summary>
public static class DemoClientApps
{
    /// <summary>桐城市 12345 hotline: the whole county.</summary>
    public const string HotlineKey = "o311_demo_tongcheng_12345";

    /// <summary>龙眠街道's resident mini-program: that town only.</summary>
    public const string LongmianKey = "o311_demo_longmian_app";

    private static readonly (string Key, string Name, string OrgUnitCode, string Contact)[] s_apps =
    [
        (HotlineKey, "桐城市 12345 热线工单系统（演示）", "340881-ZZZX", "热线平台运维"),
        (LongmianKey, "龙眠街道“随手拍”小程序（演示）", "340881003-ZZZX", "街道信息员"),
    ];

    public static async Task<int> SeedAsync(ConcordDb db, ClientAppKeys keys, TimeProvider clock, CancellationToken ct)
    {
        var created = 0;
        foreach (var (key, name, orgCode, contact) in s_apps)
        {
            var digest = keys.Digest(key);
            if (await db.ClientApps.IgnoreQueryFilters().AnyAsync(a => a.KeyDigest == digest, ct))
            {
                continue;
            }

            var org = await db.OrgUnits.IgnoreQueryFilters().FirstAsync(o => o.Code == orgCode, ct);
            db.ClientApps.Add(new ClientApp
            {
                RegionCode = org.RegionCode,
                OrgUnitId = org.Id,
                Name = name,
                ContactName = contact,
                ContactPhone = ProtectedValue.None,
                KeyPrefix = ClientAppKeys.VisiblePart(key),
                KeyDigest = digest,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            db.Audit("client_app.created", "ClientApp", ClientAppKeys.VisiblePart(key), new { name, orgUnit = org.Name, org.RegionCode, demo = true });
            created++;
        }

        await SeedLocationsAsync(db, ct);
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>The county seat (桐城市 文昌街道), where the synthetic demo layout is centred.</summary>
    public const double SeatLatitude = 31.0355;

    public const double SeatLongitude = 116.9505;

    /// <summary>
    /// Synthetic points for the demo villages, so lat/long requests can be placed: towns on a
    /// golden-angle spiral around the county seat, villages on a small spiral around their town
    /// (≥ ~0.8 km apart). Not surveyed geography — a real county loads its own centroids.
    /// </summary>
    private static async Task SeedLocationsAsync(ConcordDb db, CancellationToken ct)
    {
        if (await db.RegionLocations.IgnoreQueryFilters().AnyAsync(ct))
        {
            return;
        }

        var villages = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => r.Level == RegionLevel.Village)
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.ParentCode }).ToListAsync(ct);
        const double golden = 137.50776 * Math.PI / 180;
        var towns = villages.Select(v => v.ParentCode!).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (town, t) in towns.Select((x, i) => (x, i)))
        {
            var radius = t == 0 ? 0 : 0.09 + (0.015 * t);
            var (tLat, tLon) = (SeatLatitude + (radius * Math.Sin(t * golden)), SeatLongitude + (radius * Math.Cos(t * golden)));
            foreach (var (village, v) in villages.Where(x => x.ParentCode == town).Select((x, i) => (x, i)))
            {
                var r = 0.012 * Math.Sqrt(v + 1);
                db.RegionLocations.Add(new RegionLocation
                {
                    RegionCode = village.Code,
                    Latitude = Math.Round(tLat + (r * Math.Sin(v * golden)), 6),
                    Longitude = Math.Round(tLon + (r * Math.Cos(v * golden)), 6),
                });
            }
        }
    }
}
