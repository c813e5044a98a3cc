using Concord.Domain.Identity;
using Concord.Web.Mediation.RecordInvestigation;
using Concord.Web.Mediation.RecordSession;
using Concord.Web.Mediation.UploadEvidence;
using Microsoft.AspNetCore.Identity;

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
        // Multipart form: fields "file" and "description". Read by hand rather than bound, because
        // a bound form adds a content-type constraint that answers 415 before authentication does.
        cases.MapPost("/evidence", async (string code, HttpRequest request, UploadEvidence.UploadEvidence.Handler h, CancellationToken ct) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
            var view = await h.UploadAsync(code, form?.Files.GetFile("file"), form?["description"].FirstOrDefault(), ct);
            return TypedResults.Created($"/api/cases/{code}/evidence/{view.Id}", view);
        }).DisableAntiforgery().RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .WithDescription("multipart/form-data：file（不超过 10 MB；pdf、jpg、png、docx、mp3、m4a），description（说明，可选）。仅限 Bearer 令牌调用。");
        cases.MapGet("/evidence/{id:long}", async (string code, long id, UploadEvidence.UploadEvidence.Handler h, CancellationToken ct) =>
        {
            var file = await h.OpenAsync(code, id, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });
        return app;
    }
}
