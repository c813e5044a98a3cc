using Concord.Domain.Identity;
using Concord.Web.Tracking;

namespace Concord.Web.Closing;

public static class ClosingModule
{
    public sealed record NoteRequest(string? Note);

    public static WebApplicationBuilder AddClosing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CloseCase.Handler>();
        builder.Services.AddScoped<ExportCaseFile>();
        return builder;
    }

    public static WebApplication MapClosing(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases/{code}").WithTags("回访与结案").RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapPost("/follow-up/schedule", async (string code, CloseCase.ScheduleRequest request, CloseCase.Handler h, CancellationToken ct) =>
        {
            await h.ScheduleFollowUpAsync(code, request.PerformanceDeadline, ct);
            return TypedResults.NoContent();
        });
        cases.MapPost("/follow-up", async (string code, CloseCase.FollowUpRequest request, CloseCase.Handler h, CancellationToken ct) =>
        {
            await h.RecordFollowUpAsync(code, request, ct);
            return TypedResults.NoContent();
        });
        cases.MapGet("/case-file", (string code, CloseCase.Handler h, CancellationToken ct) => h.CaseFileAsync(code, ct));
        cases.MapPost("/case-file/{item}", async (string code, string item, NoteRequest request, CloseCase.Handler h, CancellationToken ct) =>
        {
            await h.AddCaseFileItemAsync(code, item, request.Note, ct);
            return TypedResults.NoContent();
        });
        cases.MapGet("/case-file.zip", async (string code, ExportCaseFile export, CancellationToken ct) =>
        {
            var (zip, fileName) = await export.ExportAsync(code, ct);
            return TypedResults.File(zip, "application/zip", fileName);
        });
        cases.MapGet("/ratings", (string code, CloseCase.Handler h, CancellationToken ct) => h.RatingLinksAsync(code, ct));
        cases.MapPost("/close", async (string code, CloseCase.Handler h, CancellationToken ct) =>
        {
            await h.CloseAsync(code, ct);
            return TypedResults.NoContent();
        });

        app.MapPost("/api/public/ratings/{token}", async (string token, CloseCase.RateRequest request, CloseCase.Handler h, CancellationToken ct) =>
            TypedResults.Ok(new { rating = await h.RateAsync(token, request, ct) }))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(TrackingModule.PublicPolicy).WithTags("群众查询");
        return app;
    }
}
