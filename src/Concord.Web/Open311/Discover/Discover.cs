using Concord.Web.Open311.GeoReport;

namespace Concord.Web.Open311.Discover;

/// <summary>GET discovery.{fmt}: where the API is, which formats it speaks and how to get a key.</summary>
public static class Discover
{
    /// <summary>When the API last changed in a way clients should notice.</summary>
    public static readonly DateTime Changeset = new(2026, 11, 21, 16, 0, 0, DateTimeKind.Utc); // 2026-11-22 00:00 China time

    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public static GeoDocument Document(HttpRequest request) =>
        new("discovery", new GeoObject()
            .Add("changeset", GeoValue.Of(Changeset))
            .Add("contact", "接入和技术问题请联系本县（市、区）社会矛盾纠纷调处化解中心（综治中心）系统管理员。")
            .Add("key_service", $"api_key 由综治中心系统管理员在 {request.Scheme}://{request.Host}/admin/open311 登记接入应用后发放，只显示一次。")
            .Add("endpoints", new GeoList("endpoint",
            [
                new GeoObject()
                    .Add("specification", Specification)
                    .Add("url", $"{request.Scheme}://{request.Host}{request.PathBase}/open311/v2")
                    .Add("changeset", GeoValue.Of(Changeset))
                    .Add("type", "production")
                    .Add("formats", new GeoList("format", [GeoValue.Of("text/xml"), GeoValue.Of("application/json")])),
            ])));
}
