using Concord.Domain.Identity;
using Concord.Web.TypicalCases.BrowseTypicalCases;
using Concord.Web.TypicalCases.DraftTypicalCase;
using Concord.Web.TypicalCases.ReviewTypicalCase;

namespace Concord.Web.TypicalCases;

public static class TypicalCasesModule
{
    public static WebApplicationBuilder AddTypicalCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TypicalCaseSource>();
        builder.Services.AddScoped<DraftTypicalCase.DraftTypicalCase.Handler>();
        builder.Services.AddScoped<ReviewTypicalCase.ReviewTypicalCase.Handler>();
        builder.Services.AddScoped<BrowseTypicalCases.BrowseTypicalCases.Handler>();
        return builder;
    }

    public static WebApplication MapTypicalCases(this WebApplication app)
    {
        // Public: published typical cases, no login.
        app.MapGet("/api/typical-cases", (string? category, int? page, BrowseTypicalCases.BrowseTypicalCases.Handler h, CancellationToken ct) => h.ListAsync(category, page, ct))
            .WithTags("典型案例").AllowAnonymous();
        app.MapGet("/api/typical-cases/{id:long}", (long id, BrowseTypicalCases.BrowseTypicalCases.Handler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithTags("典型案例").AllowAnonymous();

        // Staff: draft from a closed case of one's scope, edit, publish (with the guard), take down.
        var staff = app.MapGroup("/api/typical-cases/drafts").WithTags("典型案例").RequireAuthorization(nameof(Permission.TypicalCasesManage));
        staff.MapGet("", (ReviewTypicalCase.ReviewTypicalCase.Handler h, CancellationToken ct) => h.ListAsync(ct));
        staff.MapGet("/candidates", (string? q, DraftTypicalCase.DraftTypicalCase.Handler h, CancellationToken ct) => h.CandidatesAsync(q, ct));
        staff.MapPost("", async (DraftTypicalCase.DraftTypicalCase.Request request, DraftTypicalCase.DraftTypicalCase.Handler h, CancellationToken ct) =>
        {
            var result = await h.HandleAsync(request, ct);
            return result.Created ? Results.Created($"/api/typical-cases/drafts/{result.Id}", result) : Results.Ok(result);
        });
        staff.MapGet("/{id:long}", (long id, ReviewTypicalCase.ReviewTypicalCase.Handler h, CancellationToken ct) => h.GetAsync(id, ct));
        staff.MapPut("/{id:long}", async (long id, ReviewTypicalCase.ReviewTypicalCase.EditRequest request, ReviewTypicalCase.ReviewTypicalCase.Handler h, CancellationToken ct) =>
        {
            await h.EditAsync(id, request, ct);
            return TypedResults.NoContent();
        });
        staff.MapPost("/{id:long}/publish", async (long id, ReviewTypicalCase.ReviewTypicalCase.EditRequest? request, ReviewTypicalCase.ReviewTypicalCase.Handler h, CancellationToken ct) =>
        {
            await h.PublishAsync(id, request, ct);
            return TypedResults.NoContent();
        });
        staff.MapPost("/{id:long}/unpublish", async (long id, ReviewTypicalCase.ReviewTypicalCase.UnpublishRequest request, ReviewTypicalCase.ReviewTypicalCase.Handler h, CancellationToken ct) =>
        {
            await h.UnpublishAsync(id, request, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
