using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Privacy;

namespace Concord.Web.Tests.Infrastructure;

/// <summary>Building and sending intake requests as the API contract describes them.</summary>
public static class CaseRequests
{
    /// <summary>西苑居委会 of 文昌街道, 桐城市, and its first grid.</summary>
    public const string XiyuanVillage = "340881002003";
    public const string XiyuanGrid = "340881002003001";

    /// <summary>三里居委会 of 文昌街道, and its first grid (gridworker's).</summary>
    public const string SanliVillage = "340881002001";
    public const string SanliGrid = "340881002001001";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static int s_serial;

    /// <summary>A valid intake body; <paramref name="marker"/> makes the text unique for searches.</summary>
    public static JsonObject Body(string village = XiyuanVillage, string? grid = null, string summary = "小区物业拒不维修漏水屋顶", string? narrative = null, string? marker = null)
    {
        var serial = Interlocked.Increment(ref s_serial);
        var first17 = $"3408811990{serial % 100:00}01{serial % 1000:000}";
        return new JsonObject
        {
            ["channel"] = "window",
            ["categoryCode"] = "07",
            ["summary"] = summary,
            ["narrative"] = narrative ?? $"业主反映物业公司收取物业费后拒不维修，屋顶漏水三个月。{marker}",
            ["villageCode"] = village,
            ["gridCode"] = grid,
            ["amountFen"] = 120000,
            ["peopleInvolved"] = 3,
            ["parties"] = new JsonArray
            {
                new JsonObject
                {
                    ["role"] = "applicant",
                    ["kind"] = "person",
                    ["name"] = "张小华",
                    ["idNumber"] = first17 + IdNumber.CheckCharFor(first17),
                    ["phone"] = $"1381234{serial % 10000:0000}",
                },
                new JsonObject { ["role"] = "respondent", ["kind"] = "organisation", ["name"] = "桐城市安居物业管理有限公司" },
            },
        };
    }

    public static async Task<HttpResponseMessage> PostCaseAsync(this HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Registers a case and returns its code; fails the test unless the API answers 201.</summary>
    public static async Task<string> RegisterCaseAsync(this HttpClient client, JsonObject? body = null)
    {
        using var response = await client.PostCaseAsync(body ?? Body());
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["code"]!.GetValue<string>();
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Codes in a case list response (GET /api/cases).</summary>
    public static async Task<List<string>> ListCodesAsync(this HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/cases?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        return [.. json["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>())];
    }
}
