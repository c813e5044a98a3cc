using Concord.Web.Open311.GeoReport;

namespace Concord.Web.Open311.ListServices;

/// <summary>GET services.{fmt} and services/{service_code}.{fmt}: the catalogue, public like the spec's.</summary>
public static class ListServices
{
    public static GeoDocument Services(ServiceCatalogue catalogue) =>
        new("services", new GeoList("service", [.. catalogue.All.Select(s => new GeoObject()
            .Add("service_code", s.Code)
            .Add("service_name", s.Name)
            .Add("description", s.Description)
            .Add("metadata", GeoValue.Of(s.Metadata))
            .Add("type", s.Type)
            .Add("keywords", s.Keywords)
            .Add("group", s.Group))]));

    public static GeoDocument Definition(ServiceCatalogue catalogue, string code)
    {
        var service = catalogue.Find(code) ?? throw new GeoReportException(404, $"未找到服务“{code}”：可用的 service_code 见 services.xml。");
        return new("service_definition", new GeoObject()
            .Add("service_code", service.Code)
            .Add("attributes", new GeoList("attribute", [.. service.Attributes.OrderBy(a => a.Order).Select(a => new GeoObject()
                .Add("variable", GeoValue.Of(true))
                .Add("code", a.Code)
                .Add("datatype", a.Datatype)
                .Add("required", GeoValue.Of(a.Required))
                .AddOptional("datatype_description", a.DatatypeDescription)
                .Add("order", GeoValue.Of(a.Order))
                .Add("description", a.Description)
                .Add("values", new GeoList("value", [.. (a.Values ?? []).Select(v => new GeoObject().Add("key", v.Key).Add("name", v.Name))])))])));
    }
}
