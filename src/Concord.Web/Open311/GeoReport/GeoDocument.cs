using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Concord.Web.Open311.GeoReport;

/// <summary>
/// A GeoReport v2 response as a small tree, written as JSON or as XML by the same rules, so both
/// formats always say the same thing: a list is a JSON array and in XML a container of repeated
/// elements (<c>services/service</c>, <c>service_requests/request</c>); a null field is JSON
/// <c>null</c> and an empty XML element, unless the field is optional and then it is left out;
/// times are ISO 8601 with the China offset (+08:00).
/// </summary>
public abstract record GeoValue
{
    public static GeoValue Of(string? value) => new GeoScalar(value);

    public static GeoValue Of(bool value) => new GeoScalar(value);

    public static GeoValue Of(long? value) => new GeoScalar(value);

    public static GeoValue Of(double? value) => new GeoScalar(value);

    public static GeoValue Of(DateTime? utc) => new GeoScalar(utc is { } t ? GeoTime.Format(t) : null);
}

public sealed record GeoScalar(object? Value) : GeoValue;

/// <summary>An object: fields in the order the spec lists them.</summary>
public sealed record GeoObject : GeoValue
{
    private readonly List<(string Name, GeoValue Value, bool OmitIfNull)> _fields = [];

    public IReadOnlyList<(string Name, GeoValue Value, bool OmitIfNull)> Fields => _fields;

    public GeoObject Add(string name, GeoValue value)
    {
        _fields.Add((name, value, false));
        return this;
    }

    public GeoObject Add(string name, string? value) => Add(name, GeoValue.Of(value));

    /// <summary>A field left out when it has no value (swagger.json's shapes have no nulls).</summary>
    public GeoObject AddOptional(string name, string? value)
    {
        _fields.Add((name, GeoValue.Of(value), true));
        return this;
    }
}

/// <summary>A list; <paramref name="ItemName"/> names each item in XML.</summary>
public sealed record GeoList(string ItemName, IReadOnlyList<GeoValue> Items) : GeoValue;

/// <summary>A whole response: the XML root element name and the value.</summary>
public sealed record GeoDocument(string Root, GeoValue Value)
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string XmlContentType = "text/xml; charset=utf-8";

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(json, Value);
        }

        return buffer.ToArray();
    }

    public byte[] ToXml()
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(Root);
            WriteXmlContent(xml, Value);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter json, GeoValue value)
    {
        switch (value)
        {
            case GeoObject o:
                json.WriteStartObject();
                foreach (var (name, field, omit) in o.Fields)
                {
                    if (omit && field is GeoScalar { Value: null })
                    {
                        continue;
                    }

                    json.WritePropertyName(name);
                    WriteJson(json, field);
                }

                json.WriteEndObject();
                break;
            case GeoList l:
                json.WriteStartArray();
                foreach (var item in l.Items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            case GeoScalar { Value: null }:
                json.WriteNullValue();
                break;
            case GeoScalar { Value: string s }:
                json.WriteStringValue(s);
                break;
            case GeoScalar { Value: bool b }:
                json.WriteBooleanValue(b);
                break;
            case GeoScalar { Value: long n }:
                json.WriteNumberValue(n);
                break;
            case GeoScalar { Value: double d }:
                json.WriteNumberValue(d);
                break;
            default:
                throw new InvalidOperationException($"Unsupported GeoReport value {value}.");
        }
    }

    private static void WriteXmlContent(XmlWriter xml, GeoValue value)
    {
        switch (value)
        {
            case GeoObject o:
                foreach (var (name, field, omit) in o.Fields)
                {
                    if (omit && field is GeoScalar { Value: null })
                    {
                        continue;
                    }

                    xml.WriteStartElement(name);
                    WriteXmlContent(xml, field);
                    xml.WriteEndElement();
                }

                break;
            case GeoList l:
                foreach (var item in l.Items)
                {
                    xml.WriteStartElement(l.ItemName);
                    WriteXmlContent(xml, item);
                    xml.WriteEndElement();
                }

                break;
            case GeoScalar { Value: null }:
                break;
            case GeoScalar { Value: string s }:
                xml.WriteString(s);
                break;
            case GeoScalar { Value: bool b }:
                xml.WriteString(b ? "true" : "false");
                break;
            case GeoScalar { Value: long n }:
                xml.WriteString(n.ToString(CultureInfo.InvariantCulture));
                break;
            case GeoScalar { Value: double d }:
                xml.WriteString(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"Unsupported GeoReport value {value}.");
        }
    }
}

/// <summary>ISO 8601 with offset, in China Standard Time (no daylight saving): 2026-03-02T09:30:00+08:00.</summary>
public static class GeoTime
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static string Format(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// A time from a query (start_date, end_date): ISO 8601 with an offset or Z; a time without
    /// an offset is read as China time. Null when it does not parse.
    /// </summary>
    public static DateTime? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 10 && (text[^6] is '+' or '-') && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset.UtcDateTime;
        }

        return !hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? DateTime.SpecifyKind(local - ChinaOffset, DateTimeKind.Utc)
            : null;
    }
}
