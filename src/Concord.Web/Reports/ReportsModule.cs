using Concord.Domain.Identity;
using Concord.Web.Reports.HealthCheck;

namespace Concord.Web.Reports;

/// <summary>Printable reports from the roll-ups: the monthly/quarterly/annual 体检表 (page and .xlsx).</summary>
public static class ReportsModule
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HealthCheck.HealthCheck.Handler>();
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapGet("/api/reports/health-check", (string? place, string? period, string? kind, HealthCheck.HealthCheck.Handler h, CancellationToken ct) =>
            h.HandleAsync(new HealthCheck.HealthCheck.Query(place, period, kind), ct))
            .WithTags("体检表").RequireAuthorization(nameof(Permission.ReportsRead));
        app.MapGet("/reports/health-check.xlsx", async (string? place, string? period, string? kind, HealthCheck.HealthCheck.Handler h, CancellationToken ct) =>
        {
            var report = await h.HandleAsync(new HealthCheck.HealthCheck.Query(place, period, kind), ct);
            return TypedResults.File(HealthCheckWorkbook.Write(report), HealthCheckWorkbook.ContentType, report.FileName);
        }).WithTags("体检表").RequireAuthorization(nameof(Permission.ReportsRead));
        return app;
    }
}
