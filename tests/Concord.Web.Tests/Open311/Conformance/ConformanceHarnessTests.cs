using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Concord.Web.Tests.Open311.Conformance;

/// <summary>The harness must be able to fail: broken documents are rejected, good ones pass.</summary>
public sealed class ConformanceHarnessTests(Open311Schemas schemas) : IClassFixture<Open311Schemas>
{
    private const string GoodRequest = """
        {"service_request_id":"E3408810001","status":"open","service_code":"EV-0101","requested_datetime":"2026-03-02T09:30:00+08:00",
         "status_notes":null,"lat":31.05,"long":116.95,"media_url":"https://example.org/p.jpg"}
        """;

    [Fact]
    public async Task A_conforming_request_list_is_accepted()
    {
        await schemas.ShouldConformAsync("requests", $"[{GoodRequest}]");
    }

    [Theory]
    [InlineData("status", "\"pending\"")]
    [InlineData("requested_datetime", "\"2026-03-02T09:30:00\"")]
    [InlineData("requested_datetime", "\"2026-03-02 09:30\"")]
    [InlineData("service_request_id", "42")]
    [InlineData("lat", "\"31.05\"")]
    [InlineData("media_url", "\"not a uri\"")]
    [InlineData("description", "\"\"")]
    public async Task A_request_with_a_wrong_field_is_rejected(string field, string value)
    {
        var broken = JsonNode.Parse(GoodRequest)!.AsObject();
        // The description case: 4,001 characters, one over the schema's maxLength.
        broken[field] = field == "description" ? new string('长', 4001) : JsonNode.Parse(value);
        (await schemas.ErrorsAsync("requests", new JsonArray(broken))).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_request_without_a_required_field_is_rejected()
    {
        var broken = JsonNode.Parse(GoodRequest)!.AsObject();
        broken.Remove("service_code");
        var errors = await schemas.ErrorsAsync("request", broken);
        errors.ShouldContain(e => e.Contains("service_code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_response_needs_an_id_or_a_token_and_errors_need_a_numeric_code()
    {
        (await schemas.ErrorsAsync("post-response", JsonNode.Parse("""[{"service_notice":"x"}]"""))).ShouldNotBeEmpty();
        (await schemas.ErrorsAsync("post-response", JsonNode.Parse("""[{"token":"t1","service_notice":"x"}]"""))).ShouldBeEmpty();
        // swagger.json's RequestResponse has no nulls: an unknown account is left out, not null.
        (await schemas.ErrorsAsync("post-response", JsonNode.Parse("""[{"token":"t1","account_id":null}]"""))).ShouldNotBeEmpty();
        (await schemas.ErrorsAsync("errors", JsonNode.Parse("""[{"code":"403","description":"x"}]"""))).ShouldNotBeEmpty();
        (await schemas.ErrorsAsync("errors", JsonNode.Parse("""[{"code":403,"description":"api_key 无效"}]"""))).ShouldBeEmpty();
        (await schemas.ErrorsAsync("no-such-schema", JsonNode.Parse("[]"))).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_service_definition_with_a_fractional_order_is_rejected_by_the_file_and_the_swagger_schema()
    {
        var definition = JsonNode.Parse("""{"service_code":"D01","attributes":[{"variable":true,"code":"n","datatype":"number","required":true,"order":1.5}]}""");
        (await schemas.ErrorsAsync("service-definition", definition)).ShouldNotBeEmpty();
        (await schemas.ErrorsAsync("swagger#/definitions/ServiceDefinition", definition)).ShouldNotBeEmpty();
        definition!["attributes"]![0]!["order"] = 1;
        (await schemas.ErrorsAsync("service-definition", definition)).ShouldBeEmpty();
    }

    [Fact]
    public void Xml_is_read_as_the_json_shape_with_lists_nulls_and_typed_values()
    {
        var json = GeoReportXml.ToJson(XDocument.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <service_definition><service_code>D01</service_code><attributes>
              <attribute><variable>true</variable><code>people</code><datatype>number</datatype><required>false</required>
                <datatype_description/><order>2</order><description>涉及人数</description><values/></attribute>
            </attributes></service_definition>
            """))!;
        var attribute = json["attributes"]!.AsArray().Single()!;
        attribute["variable"]!.GetValue<bool>().ShouldBeTrue();
        attribute["required"]!.GetValue<bool>().ShouldBeFalse();
        attribute["order"]!.GetValue<long>().ShouldBe(2);
        attribute["datatype_description"].ShouldBeNull();
        attribute["values"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Xml_with_a_non_numeric_latitude_or_a_bad_boolean_is_rejected()
    {
        var badLat = GeoReportXml.ToJson(XDocument.Parse(
            "<service_requests><request><service_request_id>1</service_request_id><status>open</status><service_code>A</service_code><requested_datetime>2026-03-02T09:30:00+08:00</requested_datetime><lat>北纬31度</lat></request></service_requests>"));
        (await schemas.ErrorsAsync("requests", badLat)).ShouldNotBeEmpty();
        var badBool = GeoReportXml.ToJson(XDocument.Parse(
            "<services><service><service_code>A</service_code><service_name>x</service_name><metadata>yes</metadata><type>realtime</type></service></services>"));
        (await schemas.ErrorsAsync("services", badBool)).ShouldNotBeEmpty();
        Should.Throw<InvalidOperationException>(() => GeoReportXml.ToJson(XDocument.Parse("<service_requests><request><status>open</status><status>closed</status></request></service_requests>")));
    }

    [Fact]
    public void The_vendored_official_schemas_are_unchanged_copies_of_the_conformance_files()
    {
        // SHA256SUMS was written from shared/conformance/open311 when the schemas were copied; the
        // copies must not drift. Where shared/ sits beside the repository, compare with it too.
        var official = Path.Combine(Open311Schemas.Folder, "schemas", "official");
        var sums = File.ReadAllLines(Path.Combine(official, "SHA256SUMS"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split("  ", 2))
            .ToDictionary(p => p[1], p => p[0]);
        sums.Keys.Order().ShouldBe(["request.json", "requests.json", "service-definition.json", "service.json", "services.json", "swagger.json"]);
        Directory.GetFiles(official, "*.json").Select(f => Path.GetFileName(f)!).Order().ShouldBe(sums.Keys.Order());
        foreach (var (file, sum) in sums)
        {
            Sha(Path.Combine(official, file)).ShouldBe(sum, file);
        }

        if (FindShared() is { } shared)
        {
            foreach (var file in sums.Keys)
            {
                Sha(Path.Combine(shared, file)).ShouldBe(sums[file], $"shared/conformance/open311/{file}");
            }
        }
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(Open311Schemas.Folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "open311");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
