using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Events;

/// <summary>Building and sending event requests as the API contract describes them.</summary>
public static class EventRequests
{
    /// <summary>Near 西苑社区, 桐城市 (WGS-84).</summary>
    public const double Lat = 31.0462;
    public const double Lon = 116.9510;

    private static int s_serial;

    /// <summary>A JPEG whose bytes are unique per call (so its SHA-256 is too).</summary>
    public static byte[] JpegBytes(string? marker = null) =>
        [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("JFIF " + (marker ?? Guid.NewGuid().ToString("N"))), 0xFF, 0xD9];

    public static JsonObject Photo(string? marker = null) => new()
    {
        ["fileName"] = "现场.jpg",
        ["contentBase64"] = Convert.ToBase64String(JpegBytes(marker)),
    };

    /// <summary>
    /// A valid report in 西苑's first grid. Coordinates move by ~1 km per call unless given, so
    /// that tests do not see each other's events as duplicates.
    /// </summary>
    public static JsonObject Body(string item = "060201", string region = CaseRequests.XiyuanGrid, string? text = null, double? lat = null, double? lon = null, string? address = null, bool photo = true)
    {
        var serial = Interlocked.Increment(ref s_serial);
        var body = new JsonObject
        {
            ["itemCode"] = item,
            ["text"] = text ?? $"人民路与龙眠路交叉口东侧人行道井盖缺失，已用石块临时围挡。#{serial}",
            ["regionCode"] = region,
            ["latitude"] = lat ?? Lat + (serial * 0.01),
            ["longitude"] = lon ?? Lon,
            ["address"] = address,
        };
        if (photo)
        {
            body["photos"] = new JsonArray { Photo() };
        }

        return body;
    }

    public static async Task<HttpResponseMessage> PostEventAsync(this HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Reports an event and returns its code; fails the test unless the API answers 201.</summary>
    public static async Task<string> ReportEventAsync(this HttpClient client, JsonObject? body = null)
    {
        using var response = await client.PostEventAsync(body ?? Body());
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["code"]!.GetValue<string>();
    }

    public static async Task<JsonNode> GetEventAsync(this HttpClient client, string code)
    {
        using var response = await client.GetAsync($"/api/events/{code}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Arranges an event's running deadline to fall due at <paramref name="dueAt"/>, as time passing
    /// would: the deadline row and the event row's copy of it (<c>GridEvent.DueAt</c>) together.
    /// </summary>
    public static async Task MoveRunningDeadlineAsync(ConcordFactory app, string code, DateTime dueAt)
    {
        await using var db = app.SystemDb();
        var id = await db.GridEvents.Where(e => e.Code == code).Select(e => e.Id).SingleAsync();
        (await db.EventDeadlines.Where(d => d.EventId == id && d.MetAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, dueAt))).ShouldBe(1);
        (await db.GridEvents.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.DueAt, dueAt))).ShouldBe(1);
    }
}
