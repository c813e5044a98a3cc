using System.Text.Json;
using Concord.Web.Shared;

namespace Concord.Web.Dashboard.WatchDashboard;

/// <summary>
/// GET /api/dashboard/stream: server-sent events telling an open dashboard that figures of places
/// the user sees changed (event <c>cases</c>, data <c>{"places":[…],"urgent":[…]}</c>, villages
/// only, filtered to the user's scope), and a comment every <see cref="Heartbeat"/> so proxies keep
/// the connection open.
/// </summary>
public static class WatchDashboard
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext http, CaseChangeFeed feed, CurrentActor current, TimeProvider clock, CancellationToken ct)
    {
        var actor = current.Actor;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = feed.Subscribe();
        try
        {
            await WriteAsync(http, ": connected\nretry: 5000\n\n", ct);
            while (!ct.IsCancellationRequested)
            {
                using var beat = new CancellationTokenSource(Heartbeat, clock);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, beat.Token);
                CaseChange change;
                try
                {
                    change = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(http, ": heartbeat\n\n", ct);
                    continue;
                }

                var places = change.Villages.Where(actor.Sees).ToList();
                if (places.Count == 0)
                {
                    continue;
                }

                var data = JsonSerializer.Serialize(new { places, urgent = change.UrgentVillages.Where(actor.Sees).ToList() }, s_json);
                await WriteAsync(http, $"event: cases\ndata: {data}\n\n", ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
