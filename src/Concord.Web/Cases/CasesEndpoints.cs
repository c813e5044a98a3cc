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
        // Risk rules (thresholds, categories, the extreme-words lexicon) are configuration:
        // section Concord:Risk, e.g. Concord__Risk__ExtremeWords__0=讨说法; unset values keep the defaults.
        // A list given in configuration replaces the default list (the binder alone would merge them).
        var section = builder.Configuration.GetSection("Concord:Risk");
        var risk = section.Get<Domain.Triage.RiskRules>() ?? Domain.Triage.RiskRules.Default;
        if (section.GetSection("ExtremeWords").Get<string[]>() is { Length: > 0 } words)
        {
            risk = risk with { ExtremeWords = words };
        }

        if (section.GetSection("MajorCategories").Get<string[]>() is { Length: > 0 } categories)
        {
            risk = risk with { MajorCategories = categories };
        }

        builder.Services.AddScoped(sp => new Triage.IntakeTriage(sp.GetRequiredService<Persistence.ConcordDb>(), sp.GetRequiredService<Persistence.RawReads>(), sp.GetRequiredService<TimeProvider>()) { Rules = risk });
        builder.Services.AddScoped<MoveCase.CaseLifecycle>();
        builder.Services.AddScoped<MoveCase.MoveCase.Handler>();
        builder.Services.AddScoped<Routing.RouteCase.RouteCase.Handler>();
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
        cases.MapGet("/", ([AsParameters] ListCases.ListCases.ApiQuery query, ListCases.ListCases.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(query.ToQuery(), ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapGet("/{code}", (string code, ViewCase.ViewCase.Handler handler, CancellationToken ct) => handler.HandleAsync(code, ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/accept", async (string code, MoveCase.MoveCase.Handler h, CancellationToken ct) =>
        {
            await h.AcceptAsync(code, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/withdraw", async (string code, MoveCase.MoveCase.ReasonRequest request, MoveCase.MoveCase.Handler h, CancellationToken ct) =>
        {
            await h.WithdrawAsync(code, request.Reason, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/reopen", async (string code, MoveCase.MoveCase.ReasonRequest request, MoveCase.MoveCase.Handler h, CancellationToken ct) =>
        {
            await h.ReopenAsync(code, request.Reason, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapGet("/{code}/routing", (string code, Routing.RouteCase.RouteCase.Handler h, CancellationToken ct) => h.ProposeAsync(code, ct))
            .RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/route", async (string code, Routing.RouteCase.RouteCase.RouteRequest request, Routing.RouteCase.RouteCase.Handler h, CancellationToken ct) =>
        {
            await h.RouteAsync(code, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/assignment/accept", async (string code, Routing.RouteCase.RouteCase.Handler h, CancellationToken ct) =>
        {
            await h.AcceptAssignmentAsync(code, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/{code}/assignment/return", async (string code, Routing.RouteCase.RouteCase.ReturnRequest request, Routing.RouteCase.RouteCase.Handler h, CancellationToken ct) =>
        {
            await h.ReturnAsync(code, request.Reason, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.CasesRead));
        return app;
    }
}
