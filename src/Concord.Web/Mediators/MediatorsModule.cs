using Concord.Domain.Identity;
using Concord.Web.Shared;

namespace Concord.Web.Mediators;

public static class MediatorsModule
{
    /// <summary>Clerks, leaders and mediators staff cases; the handlers check the mediator's organisation.</summary>
    public const string StaffCasesPolicy = "StaffCases";

    public static WebApplicationBuilder AddMediators(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CaseMediation>();
        builder.Services.AddScoped<AssignMediator.AssignMediator.Handler>();
        builder.Services.AddScoped<InviteExpert.InviteExpert.Handler>();
        builder.Services.AddScoped<BrowseMediators.BrowseMediators.Handler>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(StaffCasesPolicy, p => p.RequireAuthenticatedUser()
            .RequireAssertion(ctx => CurrentActor.FromPrincipal(ctx.User).Role is { } role && CaseMediation.StaffingRoles.Contains(role)));
        return builder;
    }

    public static WebApplication MapMediators(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases/{code}").WithTags("调解员与专家");
        cases.MapGet("/mediators/suggestions", (string code, AssignMediator.AssignMediator.Handler h, CancellationToken ct) => h.SuggestAsync(code, ct))
            .RequireAuthorization(StaffCasesPolicy);
        cases.MapPost("/mediators", async (string code, AssignMediator.AssignMediator.AssignRequest request, AssignMediator.AssignMediator.Handler h, CancellationToken ct) =>
        {
            await h.AssignAsync(code, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(StaffCasesPolicy);
        cases.MapPost("/conflicts", async (string code, AssignMediator.AssignMediator.ConflictRequest request, AssignMediator.AssignMediator.Handler h, CancellationToken ct) =>
        {
            await h.DeclareConflictAsync(code, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(StaffCasesPolicy);
        cases.MapPost("/experts", async (string code, InviteExpert.InviteExpert.InviteRequest request, InviteExpert.InviteExpert.Handler h, CancellationToken ct) =>
        {
            await h.InviteAsync(code, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(StaffCasesPolicy);

        app.MapGet("/api/mediators", (long? orgUnitId, string? categoryCode, bool? gold, BrowseMediators.BrowseMediators.Handler h, CancellationToken ct) =>
            h.ListAsync(new BrowseMediators.BrowseMediators.Query(orgUnitId, categoryCode, gold), ct))
            .WithTags("调解员与专家").RequireAuthorization(nameof(Permission.OrgRead));
        app.MapGet("/api/experts", (BrowseMediators.BrowseMediators.Handler h, CancellationToken ct) => h.ExpertsAsync(ct))
            .WithTags("调解员与专家").RequireAuthorization(nameof(Permission.OrgRead));
        return app;
    }
}
