using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Concord.Web.Tests.Open311.Conformance;

/// <summary>
/// Validates GeoReport v2 documents against the official JSON schemas with a real JSON Schema
/// validator: one long-lived <c>node validate.mjs --serve</c> (Ajv 8 + ajv-formats) per test
/// class, fed one document per line. XML responses are first turned into the JSON shape by
/// <see cref="GeoReportXml"/>, then checked against the same schemas.
/// </summary>
public sealed class Open311Schemas : IDisposable
{
    private readonly Process _node;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _serial;

    public Open311Schemas()
    {
        var start = new ProcessStartInfo("node", ["validate.mjs", "--serve"])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        _node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _node.StandardInput.AutoFlush = true;
    }

    /// <summary>The harness folder (validate.mjs, schemas/, node_modules/), set by the test project's build.</summary>
    public static string Folder { get; } = typeof(Open311Schemas).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Open311Conformance").Value!;

    /// <summary>The schema's complaints about the document; empty when it conforms.</summary>
    public async Task<IReadOnlyList<string>> ErrorsAsync(string schema, JsonNode? document)
    {
        await _gate.WaitAsync();
        try
        {
            var id = ++_serial;
            var request = new JsonObject { ["id"] = id, ["schema"] = schema, ["document"] = document?.DeepClone() };
            await _node.StandardInput.WriteLineAsync(request.ToJsonString());
            var line = await _node.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException("The validator stopped: " + await _node.StandardError.ReadToEndAsync());
            var answer = JsonNode.Parse(line)!;
            answer["id"]!.GetValue<int>().ShouldBe(id);
            return answer["valid"]!.GetValue<bool>() ? [] : [.. answer["errors"]!.AsArray().Select(e => e!.GetValue<string>())];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fails the test unless the JSON text conforms to the schema.</summary>
    public async Task ShouldConformAsync(string schema, string json)
    {
        var errors = await ErrorsAsync(schema, JsonNode.Parse(json));
        errors.ShouldBeEmpty($"{schema} rejected {Trim(json)}:\n{string.Join("\n", errors)}");
    }

    /// <summary>Fails the test unless the XML, in the JSON shape of the GeoReport v2 conventions, conforms to the schema.</summary>
    public async Task ShouldConformXmlAsync(string schema, string xml)
    {
        var json = GeoReportXml.ToJson(XDocument.Parse(xml));
        var errors = await ErrorsAsync(schema, json);
        errors.ShouldBeEmpty($"{schema} rejected the XML {Trim(xml)}\nread as {Trim(json?.ToJsonString() ?? "null")}:\n{string.Join("\n", errors)}");
    }

    private static string Trim(string s) => s.Length <= 2000 ? s : s[..2000] + "…";

    public void Dispose()
    {
        try
        {
            _node.StandardInput.Close();
            if (!_node.WaitForExit(5000))
            {
                _node.Kill();
            }
        }
        finally
        {
            _node.Dispose();
            _gate.Dispose();
        }
    }
}

/// <summary>
/// Reads a GeoReport v2 XML response as the JSON document it stands for, so the official JSON
/// schemas can check it: the root (<c>services</c>, <c>service_requests</c>, <c>errors</c>,
/// <c>discovery</c>, <c>service_definition</c>) and the list elements (<c>attributes</c>,
/// <c>values</c>, <c>endpoints</c>, <c>formats</c>) become arrays of their children; an empty
/// element is null; <c>true</c>/<c>false</c> are booleans where the spec has booleans, numbers
/// where it has numbers. A value that does not parse stays a string, so the schema rejects it.
/// </summary>
public static class GeoReportXml
{
    private static readonly HashSet<string> s_lists = ["services", "service_requests", "errors", "attributes", "values", "endpoints", "formats"];
    private static readonly HashSet<string> s_booleans = ["metadata", "variable", "required"];
    private static readonly HashSet<string> s_numbers = ["lat", "long"];

    public static JsonNode? ToJson(XDocument document) => Read(document.Root ?? throw new InvalidOperationException("empty XML"));

    private static JsonNode? Read(XElement element)
    {
        var name = element.Name.LocalName;
        if (s_lists.Contains(name))
        {
            return new JsonArray([.. element.Elements().Select(Read)]);
        }

        if (element.HasElements)
        {
            var obj = new JsonObject();
            foreach (var child in element.Elements())
            {
                // A repeated child outside a known list element is a shape error of the response.
                if (obj.ContainsKey(child.Name.LocalName))
                {
                    throw new InvalidOperationException($"<{name}> repeats <{child.Name.LocalName}> but is not a list element.");
                }

                obj[child.Name.LocalName] = Read(child);
            }

            return obj;
        }

        var text = element.Value;
        if (text.Length == 0 && !element.Nodes().Any())
        {
            return null;
        }

        var parent = element.Parent?.Name.LocalName;
        if (s_booleans.Contains(name))
        {
            return text switch { "true" => true, "false" => false, _ => text };
        }

        if (s_numbers.Contains(name))
        {
            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : text;
        }

        if (name == "order" || (name == "code" && parent == "error"))
        {
            return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : text;
        }

        return text;
    }

    public static string Serialize(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
