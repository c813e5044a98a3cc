using System.Net;
using System.Xml.Linq;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Open311.Conformance;

namespace Concord.Web.Tests.Open311;

/// <summary>Discovery, services and service definitions in XML and JSON, checked against the official schemas.</summary>
[Collection(AppCollection.Name)]
public sealed class Open311CatalogueTests(ConcordFactory app, Open311Schemas schemas) : IClassFixture<Open311Schemas>
{
    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task The_discovery_document_names_the_endpoint_and_both_formats(string format)
    {
        using var client = app.CreateClient();
        var response = await client.GeoGetAsync($"/discovery.{format}");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body);
        if (format == "json")
        {
            await schemas.ShouldConformAsync("discovery", response.Body);
        }
        else
        {
            response.ContentType.ShouldBe("text/xml; charset=utf-8");
            response.Body.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><discovery>");
            await schemas.ShouldConformXmlAsync("discovery", response.Body);
        }

        var doc = Open311Requests.Parse(format, response.Body)!;
        doc["endpoints"]![0]!["url"]!.GetValue<string>().ShouldEndWith("/open311/v2");
        doc["changeset"]!.GetValue<string>().ShouldEndWith("+08:00");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task Services_list_the_dispute_categories_with_stable_codes(string format)
    {
        using var client = app.CreateClient();
        var response = await client.GeoGetAsync($"/services.{format}");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body);
        if (format == "json")
        {
            await schemas.ShouldConformAsync("services", response.Body);
        }
        else
        {
            await schemas.ShouldConformXmlAsync("services", response.Body);
        }

        var services = Open311Requests.Parse(format, response.Body)!.AsArray();
        var property = services.Single(s => s!["service_code"]!.GetValue<string>() == "dispute-07")!;
        property["service_name"]!.GetValue<string>().ShouldBe("物业纠纷");
        property["metadata"]!.GetValue<bool>().ShouldBeTrue();
        property["type"]!.GetValue<string>().ShouldBe("realtime");
        property["group"]!.GetValue<string>().ShouldBe("矛盾纠纷");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task A_dispute_service_definition_has_ordered_typed_attributes(string format)
    {
        using var client = app.CreateClient();
        var response = await client.GeoGetAsync($"/services/dispute-02.{format}");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Body);
        if (format == "json")
        {
            await schemas.ShouldConformAsync("service-definition", response.Body);
            await schemas.ShouldConformAsync("swagger#/definitions/ServiceDefinition", response.Body);
        }
        else
        {
            XDocument.Parse(response.Body).Root!.Name.LocalName.ShouldBe("service_definition");
            await schemas.ShouldConformXmlAsync("service-definition", response.Body);
        }

        var attributes = Open311Requests.Parse(format, response.Body)!["attributes"]!.AsArray();
        attributes.Select(a => a!["order"]!.GetValue<long>()).ShouldBe([1, 2, 3, 4]);
        var people = attributes[0]!;
        people["code"]!.GetValue<string>().ShouldBe("people_involved");
        people["datatype"]!.GetValue<string>().ShouldBe("number");
        var kind = attributes.Single(a => a!["code"]!.GetValue<string>() == "respondent_kind")!;
        kind["datatype"]!.GetValue<string>().ShouldBe("singlevaluelist");
        kind["values"]!.AsArray().Select(v => v!["key"]!.GetValue<string>()).ShouldBe(["person", "organisation"]);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task An_unknown_service_is_a_404_error_list(string format)
    {
        using var client = app.CreateClient();
        var description = await schemas.ShouldBeErrorListAsync(format, await client.GeoGetAsync($"/services/no-such-thing.{format}"), 404);
        description.ShouldContain("no-such-thing");
    }

    [Fact]
    public async Task An_unsupported_format_is_a_400_error_list_in_xml()
    {
        using var client = app.CreateClient();
        var response = await client.GeoGetAsync("/services.csv");
        var description = await schemas.ShouldBeErrorListAsync("xml", response, 400);
        description.ShouldContain(".xml");
    }
}
