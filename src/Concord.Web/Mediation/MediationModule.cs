using Concord.Domain.Identity;
using Concord.Web.Mediation.RecordInvestigation;
using Concord.Web.Mediation.RecordSession;
using Concord.Web.Mediation.UploadEvidence;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Mediation;

/// <summary>调解工作台: sessions with the six steps, investigation records and evidence of a case being mediated.</summary>
public static class MediationModule
{
    public static WebApplicationBuilder AddMediation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EvidenceFiles>();
        builder.Services.AddScoped<MediationAccess>();
        builder.Services.AddScoped<RecordSession.RecordSession.Handler>();
        builder.Services.AddScoped<RecordInvestigation.RecordInvestigation.Handler>();
        builder.Services.AddScoped<UploadEvidence.UploadEvidence.Handler>();
        return builder;
    }

    public static WebApplication MapMediation(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases/{code}").WithTags("调解").RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapGet("/sessions", (string code, RecordSession.RecordSession.Handler h, CancellationToken ct) => h.ListAsync(code, ct));
        cases.MapPost("/sessions", async (string code, RecordSession.RecordSession.SessionRequest request, RecordSession.RecordSession.Handler h, CancellationToken ct) =>
            TypedResults.Created($"/api/cases/{code}/sessions", await h.ScheduleAsync(code, request, ct)));
        cases.MapPost("/sessions/{id:long}/steps/{step}", (string code, long id, string step, RecordSession.RecordSession.StepRequest request, RecordSession.RecordSession.Handler h, CancellationToken ct) =>
            h.RecordStepAsync(code, id, step, request, ct));
        cases.MapGet("/investigations", (string code, RecordInvestigation.RecordInvestigation.Handler h, CancellationToken ct) => h.ListAsync(code, ct));
        cases.MapPost("/investigations", async (string code, RecordInvestigation.RecordInvestigation.Request request, RecordInvestigation.RecordInvestigation.Handler h, CancellationToken ct) =>
            TypedResults.Created($"/api/cases/{code}/investigations", await h.RecordAsync(code, request, ct)));
        cases.MapGet("/evidence", (string code, UploadEvidence.UploadEvidence.Handler h, CancellationToken ct) => h.ListAsync(code, ct));

        // A bearer-token API: no cookie, so no cross-site request can carry the user's identity;
        // the page uploads through its own Razor Pages handler, which checks the antiforgery token.
        cases.MapPost("/evidence", async (string code, IFormFile? file, [FromForm] string? description, UploadEvidence.UploadEvidence.Handler h, CancellationToken ct) =>
        {
            var view = await h.UploadAsync(code, file, description, ct);
            return TypedResults.Created($"/api/cases/{code}/evidence/{view.Id}", view);
        }).DisableAntiforgery().RequireAuthorization(p => p.AddAuthenticationSchemes(Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        cases.MapGet("/evidence/{id:long}", async (string code, long id, UploadEvidence.UploadEvidence.Handler h, CancellationToken ct) =>
        {
            var file = await h.OpenAsync(code, id, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });
        return app;
    }
}
