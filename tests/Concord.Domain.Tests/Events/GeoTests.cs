using Concord.Domain.Events;

namespace Concord.Domain.Tests.Events;

public sealed class GeoTests
{
    // 六尺巷, 桐城市.
    private const double Lat = 31.0455;
    private const double Lon = 116.9468;

    [Fact]
    public void The_haversine_distance_matches_a_known_metre_scale()
    {
        // 0.0004495° of latitude ≈ 50 m everywhere.
        Geo.DistanceMetres(Lat, Lon, Lat + 0.0004495, Lon).ShouldBe(50, tolerance: 0.1);
        Geo.DistanceMetres(Lat, Lon, Lat, Lon).ShouldBe(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(45)]
    [InlineData(135)]
    [InlineData(90)]
    [InlineData(225)]
    public void The_bounding_box_holds_every_point_at_the_radius(double bearingDegrees)
    {
        var box = Geo.BoundingBox(Lat, Lon, 50);
        // A point 49.9 m away in the given direction.
        var b = bearingDegrees * Math.PI / 180;
        var dLat = 49.9 * Math.Cos(b) / Geo.EarthRadiusMetres * 180 / Math.PI;
        var dLon = 49.9 * Math.Sin(b) / (Geo.EarthRadiusMetres * Math.Cos(Lat * Math.PI / 180)) * 180 / Math.PI;
        var (lat, lon) = (Lat + dLat, Lon + dLon);
        Geo.DistanceMetres(Lat, Lon, lat, lon).ShouldBeLessThan(50);
        lat.ShouldBeInRange(box.MinLat, box.MaxLat);
        lon.ShouldBeInRange(box.MinLon, box.MaxLon);
    }

    [Fact]
    public void Impossible_or_null_island_coordinates_are_invalid()
    {
        Geo.IsValid(Lat, Lon).ShouldBeTrue();
        Geo.IsValid(91, Lon).ShouldBeFalse();
        Geo.IsValid(Lat, 181).ShouldBeFalse();
        Geo.IsValid(0, 0).ShouldBeFalse();
    }
}
