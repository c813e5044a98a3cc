using Concord.Domain.Identity;
using Concord.Web.Deadlines.ChangeDeadline;
using Concord.Web.Deadlines.Supervise;

namespace Concord.Web.Deadlines;

public static class DeadlinesModule
{
    public static WebApplicationBuilder AddDeadlines(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ChangeDeadline.ChangeDeadline.Handler>();
        builder.Services.AddScoped<Supervise.Supervise.Handler>();
        builder.Services.AddSingleton<DeadlineSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        return builder;
    }

    public static WebApplication MapDeadlines(this WebApplication app)
    {
        var deadlines = app.MapGroup("/api/cases/{code}/deadlines").WithTags("期限与督办");
        deadlines.MapGet("/", (string code, ChangeDeadline.ChangeDeadline.Handler h, CancellationToken ct) => h.ListAsync(code, ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        deadlines.MapPost("/{stage}/pause", (string code, string stage, ChangeDeadline.ChangeDeadline.PauseRequest request, ChangeDeadline.ChangeDeadline.Handler h, CancellationToken ct) =>
            h.PauseAsync(code, stage, request, ct)).RequireAuthorization(nameof(Permission.DeadlinesManage));
        deadlines.MapPost("/{stage}/resume", (string code, string stage, ChangeDeadline.ChangeDeadline.ResumeRequest? request, ChangeDeadline.ChangeDeadline.Handler h, CancellationToken ct) =>
            h.ResumeAsync(code, stage, request ?? new(null), ct)).RequireAuthorization(nameof(Permission.DeadlinesManage));
        deadlines.MapPost("/{stage}/extend", (string code, string stage, ChangeDeadline.ChangeDeadline.ExtendRequest request, ChangeDeadline.ChangeDeadline.Handler h, CancellationToken ct) =>
            h.ExtendAsync(code, stage, request, ct)).RequireAuthorization(nameof(Permission.DeadlinesManage));

        var supervision = app.MapGroup("/api/supervision").WithTags("期限与督办").RequireAuthorization(nameof(Permission.SupervisionManage));
        supervision.MapGet("/", (bool? all, Supervise.Supervise.Handler h, CancellationToken ct) => h.ListAsync(all ?? false, ct));
        supervision.MapPost("/{id:long}/resolve", async (long id, Supervise.Supervise.ResolveRequest request, Supervise.Supervise.Handler h, CancellationToken ct) =>
        {
            await h.ResolveAsync(id, request, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
