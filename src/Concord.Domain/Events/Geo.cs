namespace Concord.Domain.Events;

/// <summary>
/// Distances on the WGS-84 sphere for the possible-duplicate check: a bounding box a database
/// index can answer (latitude range, then longitude range), then the exact haversine distance
/// on the few rows inside it.
/// </summary>
public static class Geo
{
    public const double EarthRadiusMetres = 6_371_008.8;

    public static bool IsValid(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180 && !(latitude == 0 && longitude == 0);

    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = ToRadians(lat2 - lat1);
        var dLon = ToRadians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(ToRadians(lat1)) * Math.Cos(ToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>A box that holds every point within <paramref name="metres"/> of the centre (slightly more, never less).</summary>
    public static (double MinLat, double MaxLat, double MinLon, double MaxLon) BoundingBox(double latitude, double longitude, double metres)
    {
        var dLat = metres / EarthRadiusMetres * (180 / Math.PI);
        var cos = Math.Cos(ToRadians(Math.Min(89.9, Math.Abs(latitude) + dLat)));
        var dLon = dLat / Math.Max(cos, 1e-6);
        return (latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon);
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
