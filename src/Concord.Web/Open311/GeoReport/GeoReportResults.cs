using Concord.Web.Shared;

namespace Concord.Web.Open311.GeoReport;

/// <summary>An error of the spec's error list: the HTTP status code and a description.</summary>
public sealed record GeoError(int Code, string Description);

/// <summary>
/// An Open311 failure, answered as the spec's error list (<c>[{"code":403,"description":…}]</c>
/// or <c>&lt;errors&gt;&lt;error&gt;…</c>) with the first error's code as the HTTP status.
/// </summary>
public sealed class GeoReportException(IReadOnlyList<GeoError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Description)))
{
    public GeoReportException(int code, string description)
        : this([new GeoError(code, description)])
    {
    }

    public IReadOnlyList<GeoError> Errors { get; } = errors;
}

/// <summary>The response formats: XML is mandatory in GeoReport v2, JSON optional; both are served.</summary>
public enum GeoFormat
{
    Xml,
    Json,
}

public static class GeoReportResults
{
    public static bool TryParseFormat(string? format, out GeoFormat result)
    {
        switch (format?.ToLowerInvariant())
        {
            case "xml":
                result = GeoFormat.Xml;
                return true;
            case "json":
                result = GeoFormat.Json;
                return true;
            default:
                result = GeoFormat.Xml;
                return false;
        }
    }

    /// <summary>The format of the URL's extension, or the spec's 400 (in XML, the mandatory format).</summary>
    public static GeoFormat FormatOf(string? format) => TryParseFormat(format, out var f) ? f
        : throw new GeoReportException(400, $"不支持的格式“{format}”：请使用 .xml 或 .json。");

    public static IResult Ok(GeoFormat format, GeoDocument document, int status = StatusCodes.Status200OK) =>
        format == GeoFormat.Json
            ? new GeoResult(document.ToJson(), GeoDocument.JsonContentType, status)
            : new GeoResult(document.ToXml(), GeoDocument.XmlContentType, status);

    public static IResult Errors(GeoFormat format, IReadOnlyList<GeoError> errors) =>
        Ok(format, ErrorDocument(errors), errors[0].Code);

    public static GeoDocument ErrorDocument(IReadOnlyList<GeoError> errors) =>
        new("errors", new GeoList("error", [.. errors.Select(e => new GeoObject().Add("code", GeoValue.Of(e.Code)).Add("description", e.Description))]));

    /// <summary>A rule's refusal in the spec's words: field errors one per line, the rest by status.</summary>
    public static IReadOnlyList<GeoError> FromDomain(DomainException ex)
    {
        var status = ex.Status is 400 or 403 or 404 ? ex.Status : ex.Status >= 500 ? 500 : 400;
        return ex is ValidationFailedException v
            ? [.. v.Errors.SelectMany(kv => kv.Value.Select(m => new GeoError(status, $"{kv.Key}: {m}")))]
            : [new GeoError(status, ex.Message)];
    }

    private sealed class GeoResult(byte[] body, string contentType, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = contentType;
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
