using Concord.Domain.Identity;
using Concord.Domain.Triage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Concord.Web.Lessons;

/// <summary>以案促改: candidates for review (failed, repeated, group disputes), reviews with actions tracked to 销号.</summary>
public static class LessonsModule
{
    public static WebApplicationBuilder AddLessons(this WebApplicationBuilder builder)
    {
        // The group threshold is the risk grader's (Concord:Risk:GroupApplicants), so 群体性 means the same everywhere.
        builder.Services.TryAddSingleton(builder.Configuration.GetSection("Concord:Risk").Get<RiskRules>() ?? RiskRules.Default);
        builder.Services.AddScoped<ListCandidates.ListCandidates.Handler>();
        builder.Services.AddScoped<OpenReview.OpenReview.Handler>();
        builder.Services.AddScoped<ViewReview.ViewReview.Handler>();
        builder.Services.AddScoped<CompleteAction.CompleteAction.Handler>();
        builder.Services.AddScoped<CloseReview.CloseReview.Handler>();
        builder.Services.AddScoped<ListReviews.ListReviews.Handler>();
        return builder;
    }

    public static WebApplication MapLessons(this WebApplication app)
    {
        var lessons = app.MapGroup("/api/lessons").WithTags("以案促改");
        lessons.MapGet("/candidates", (string? reason, DateOnly? from, DateOnly? to, string? region, int? page, int? pageSize, ListCandidates.ListCandidates.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ListCandidates.ListCandidates.Query(reason, from, to, region, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.LessonsRead));
        lessons.MapGet("/reviews", (string? status, string? region, int? page, int? pageSize, ListReviews.ListReviews.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ListReviews.ListReviews.Query(status, region, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.LessonsRead));
        lessons.MapGet("/my-actions", (ListReviews.ListReviews.Handler h, CancellationToken ct) => h.MineAsync(ct))
            .RequireAuthorization(nameof(Permission.LessonsRead));
        lessons.MapPost("/reviews", async (OpenReview.OpenReview.Request request, OpenReview.OpenReview.Handler h, CancellationToken ct) =>
        {
            var id = await h.OpenAsync(request, ct);
            return TypedResults.Created($"/api/lessons/reviews/{id}", new { id });
        }).RequireAuthorization(nameof(Permission.LessonsManage));
        lessons.MapGet("/reviews/{id:long}", (long id, ViewReview.ViewReview.Handler h, CancellationToken ct) => h.HandleAsync(id, ct))
            .RequireAuthorization(nameof(Permission.LessonsRead));
        lessons.MapPost("/reviews/{id:long}/actions", async (long id, OpenReview.OpenReview.ActionInput request, OpenReview.OpenReview.Handler h, CancellationToken ct) =>
        {
            var actionId = await h.AddActionAsync(id, request, ct);
            return TypedResults.Created($"/api/lessons/reviews/{id}", new { id = actionId });
        }).RequireAuthorization(nameof(Permission.LessonsManage));
        lessons.MapPost("/reviews/{id:long}/actions/{actionId:long}/done", async (long id, long actionId, CompleteAction.CompleteAction.Request request, CompleteAction.CompleteAction.Handler h, CancellationToken ct) =>
        {
            await h.HandleAsync(id, actionId, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.LessonsRead));
        lessons.MapPost("/reviews/{id:long}/close", async (long id, CloseReview.CloseReview.Request request, CloseReview.CloseReview.Handler h, CancellationToken ct) =>
        {
            await h.HandleAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.LessonsManage));
        return app;
    }
}
