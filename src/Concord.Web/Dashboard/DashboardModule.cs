using Concord.Domain.Identity;
using Concord.Web.Dashboard.WatchDashboard;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Concord.Web.Dashboard;

/// <summary>领导驾驶舱: figures by level from the roll-ups, drill-down to the cases, live updates.</summary>
public static class DashboardModule
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ViewDashboard.ViewDashboard.Handler>();
        builder.Services.AddSingleton<CaseChangeFeed>();
        builder.Services.AddSingleton<IInterceptor, CaseChangeCommitInterceptor>();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("领导驾驶舱");
        dashboard.MapGet("/", (string? place, string? from, string? to, ViewDashboard.ViewDashboard.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ViewDashboard.ViewDashboard.Query(place, from, to), ct))
            .RequireAuthorization(nameof(Permission.DashboardRead));
        dashboard.MapGet("/stream", WatchDashboard.WatchDashboard.StreamAsync)
            .RequireAuthorization(nameof(Permission.DashboardRead))
            .ExcludeFromDescription();
        return app;
    }
}
