using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Cases.ListCases;
using Concord.Web.Cases.RegisterCase;
using Concord.Web.Cases.ViewCase;

namespace Concord.Web.Cases;

public static class CasesModule
{
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<RegisterCase.RegisterCase.Handler>();
        builder.Services.AddScoped<ListCases.ListCases.Handler>();
        builder.Services.AddScoped<ViewCase.ViewCase.Handler>();
        return builder;
    }

    public static WebApplication MapCases(this WebApplication app)
    {
        app.MapGet("/api/categories", () => Categories.All.Select(c => new { c.Code, c.Name, c.GbName, c.ServiceCode }))
            .WithTags("参考数据").RequireAuthorization();
        app.MapGet("/api/channels", () => Channels.All.Select(c => new { code = Channels.Code(c), name = Channels.Label(c) }))
            .WithTags("参考数据").RequireAuthorization();

        var cases = app.MapGroup("/api/cases").WithTags("案件");
        cases.MapPost("/", async (RegisterCase.RegisterCase.Request request, HttpContext http, RegisterCase.RegisterCase.Handler handler, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(request, http.Request.Headers["Idempotency-Key"].FirstOrDefault(), ct);
            return TypedResults.Created($"/api/cases/{result.Code}", new { result.Code, result.Replayed });
        }).RequireAuthorization(nameof(Permission.CasesRegister));
        cases.MapGet("/", (string? q, string? status, string? categoryCode, string? channel, DateOnly? from, DateOnly? to, int? page, int? pageSize,
            ListCases.ListCases.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(new ListCases.ListCases.Query(q, status, categoryCode, channel, from, to, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapGet("/{code}", (string code, ViewCase.ViewCase.Handler handler, CancellationToken ct) => handler.HandleAsync(code, ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        return app;
    }
}
