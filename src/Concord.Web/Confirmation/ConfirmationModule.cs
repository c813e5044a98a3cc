using Concord.Domain.Identity;

namespace Concord.Web.Confirmation;

public static class ConfirmationModule
{
    public static WebApplicationBuilder AddConfirmation(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConfirmCase.Handler>();
        return builder;
    }

    public static WebApplication MapConfirmation(this WebApplication app)
    {
        var group = app.MapGroup("/api/cases/{code}/judicial-confirmation").WithTags("司法确认").RequireAuthorization(nameof(Permission.CasesRead));
        group.MapGet("/", (string code, ConfirmCase.Handler h, CancellationToken ct) => h.StatusAsync(code, ct));
        group.MapPost("/", async (string code, ConfirmCase.ApplyRequest request, ConfirmCase.Handler h, CancellationToken ct) =>
        {
            await h.ApplyAsync(code, request, ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/accepted", async (string code, ConfirmCase.Handler h, CancellationToken ct) =>
        {
            await h.RecordAcceptanceAsync(code, ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/outcome", async (string code, ConfirmCase.OutcomeRequest request, ConfirmCase.Handler h, CancellationToken ct) =>
        {
            await h.RecordOutcomeAsync(code, request, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
