using Concord.Domain.Identity;

namespace Concord.Web.Audit;

public static class AuditModule
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BrowseAudit.BrowseAudit.Handler>();
        builder.Services.AddScoped<VerifyAudit.VerifyAudit.Handler>();
        return builder;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("审计").RequireAuthorization(nameof(Permission.AuditRead));
        audit.MapGet("/", (string? action, string? user, int? page, int? pageSize, BrowseAudit.BrowseAudit.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(new BrowseAudit.BrowseAudit.Query(action, user, page ?? 1, pageSize ?? 50), ct));
        audit.MapGet("/verify", (VerifyAudit.VerifyAudit.Handler handler, CancellationToken ct) => handler.HandleAsync(ct));
        return app;
    }
}
