using Concord.Domain.Identity;
using Concord.Web.Agreements.RecordAgreement;
using Concord.Web.Documents;

namespace Concord.Web.Agreements;

public static class AgreementsModule
{
    public static WebApplicationBuilder AddAgreements(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecordAgreement.RecordAgreement.Handler>();
        builder.Services.AddScoped<CaseDocuments>();
        return builder;
    }

    public static WebApplication MapAgreements(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("调解协议与文书").RequireAuthorization(nameof(Permission.CasesRead));
        cases.MapGet("/{code}/agreement", (string code, RecordAgreement.RecordAgreement.Handler h, CancellationToken ct) => h.GetAsync(code, ct));
        cases.MapPut("/{code}/agreement", async (string code, RecordAgreement.RecordAgreement.SaveRequest request, RecordAgreement.RecordAgreement.Handler h, CancellationToken ct) =>
        {
            await h.SaveAsync(code, request, ct);
            return TypedResults.Ok(await h.GetAsync(code, ct));
        });
        cases.MapPost("/{code}/agreement/signatures/{id:long}/sign", async (string code, long id, RecordAgreement.RecordAgreement.SignRequest? request, RecordAgreement.RecordAgreement.Handler h, CancellationToken ct) =>
        {
            await h.SignAsync(code, id, request ?? new(null), ct);
            return TypedResults.NoContent();
        });
        cases.MapPost("/{code}/agreement/finalise", async (string code, RecordAgreement.RecordAgreement.Handler h, CancellationToken ct) =>
        {
            await h.FinaliseAsync(code, ct);
            return TypedResults.NoContent();
        });
        cases.MapPost("/{code}/no-agreement", async (string code, RecordAgreement.RecordAgreement.NoAgreementRequest request, RecordAgreement.RecordAgreement.Handler h, CancellationToken ct) =>
        {
            await h.RecordNoAgreementAsync(code, request, ct);
            return TypedResults.NoContent();
        });
        cases.MapGet("/{code}/documents/{kind}.docx", async (string code, string kind, CaseDocuments documents, CancellationToken ct) =>
        {
            var document = await documents.BuildAsync(code, kind, ct);
            return TypedResults.File(DocxWriter.Write(document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", document.FileName);
        });
        return app;
    }
}
