using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Concord.Web.Tests.Open311.Conformance;

namespace Concord.Web.Tests.Open311;

/// <summary>Calling the Open311 API as an outside system does: URLs with a format, form-encoded posts, api_key.</summary>
public static class Open311Requests
{
    public const string Base = "/open311/v2";

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> GeoGetAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(Base + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> GeoPostAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var response = await client.PostAsync(Base + path, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>The body as JSON: parsed as is, or read from XML by the GeoReport conventions.</summary>
    public static JsonNode? Parse(string format, string body) =>
        format == "json" ? JsonNode.Parse(body) : GeoReportXml.ToJson(XDocument.Parse(body));

    /// <summary>Asserts an error list with the given code, valid against the error schema, and returns its descriptions.</summary>
    public static async Task<string> ShouldBeErrorListAsync(this Open311Schemas schemas, string format, (HttpStatusCode Status, string Body, string? ContentType) response, int code)
    {
        ((int)response.Status).ShouldBe(code, response.Body);
        if (format == "json")
        {
            response.ContentType.ShouldBe("application/json; charset=utf-8");
            await schemas.ShouldConformAsync("errors", response.Body);
        }
        else
        {
            response.ContentType.ShouldBe("text/xml; charset=utf-8");
            XDocument.Parse(response.Body).Root!.Name.LocalName.ShouldBe("errors");
            await schemas.ShouldConformXmlAsync("errors", response.Body);
        }

        var errors = Parse(format, response.Body)!.AsArray();
        errors.ShouldAllBe(e => e!["code"]!.GetValue<long>() == code);
        return string.Join("\n", errors.Select(e => e!["description"]!.GetValue<string>()));
    }
}
