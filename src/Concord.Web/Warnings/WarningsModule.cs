using Concord.Domain.Identity;
using Concord.Domain.Warnings;
using Concord.Web.Warnings.Scan;

namespace Concord.Web.Warnings;

/// <summary>预警: repeat, group, rising-category and overdue-cluster warnings, raised incrementally by a background scanner.</summary>
public static class WarningsModule
{
    public static WebApplicationBuilder AddWarnings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Concord:Warnings").Get<WarningThresholds>() ?? WarningThresholds.Default);
        builder.Services.AddScoped<ListWarnings.ListWarnings.Handler>();
        builder.Services.AddScoped<ChangeWarning.ChangeWarning.Handler>();
        builder.Services.AddSingleton<WarningScanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WarningScanner>());
        return builder;
    }

    public static WebApplication MapWarnings(this WebApplication app)
    {
        var warnings = app.MapGroup("/api/warnings").WithTags("预警");
        warnings.MapGet("/", (string? kind, string? status, string? region, int? page, int? pageSize, ListWarnings.ListWarnings.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ListWarnings.ListWarnings.Query(kind, status, region, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.WarningsRead));
        warnings.MapGet("/summary", (ListWarnings.ListWarnings.Handler h, CancellationToken ct) => h.SummaryAsync(ct))
            .RequireAuthorization(nameof(Permission.WarningsRead));
        warnings.MapGet("/{id:long}", (long id, ListWarnings.ListWarnings.Handler h, CancellationToken ct) => h.OneAsync(id, ct))
            .RequireAuthorization(nameof(Permission.WarningsRead));
        warnings.MapPost("/{id:long}/acknowledge", async (long id, ChangeWarning.ChangeWarning.AcknowledgeRequest? request, ChangeWarning.ChangeWarning.Handler h, CancellationToken ct) =>
        {
            await h.AcknowledgeAsync(id, request ?? new(null), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.WarningsManage));
        warnings.MapPost("/{id:long}/close", async (long id, ChangeWarning.ChangeWarning.CloseRequest request, ChangeWarning.ChangeWarning.Handler h, CancellationToken ct) =>
        {
            await h.CloseAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.WarningsManage));
        return app;
    }
}
