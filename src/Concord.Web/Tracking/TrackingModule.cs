using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Concord.Web.Tracking;

public static class TrackingModule
{
    public const string PublicPolicy = "public-per-client";

    /// <summary>Public pages: 10 requests a minute per client address by default (the per-case limit is in the handler).</summary>
    public static WebApplicationBuilder AddTracking(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("Concord:PublicRateLimit:PerMinute", 10);
        builder.Services.AddScoped<TrackCase.Handler>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public sealed record TrackRequest(string? Code, string? Phone);

    public static WebApplication MapTracking(this WebApplication app)
    {
        app.MapPost("/api/public/track", (TrackRequest request, TrackCase.Handler handler, CancellationToken ct) => handler.HandleAsync(request.Code, request.Phone, ct))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(PublicPolicy).WithTags("群众查询");
        return app;
    }
}
