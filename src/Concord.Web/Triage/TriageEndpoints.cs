using Concord.Domain.Identity;
using Concord.Domain.Triage;

namespace Concord.Web.Triage;

public static class TriageModule
{
    public sealed record SuggestRequest(string? Narrative);

    public static WebApplicationBuilder AddTriage(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DutyList.DutyList.Handler>();
        return builder;
    }

    public static WebApplication MapTriage(this WebApplication app)
    {
        app.MapPost("/api/triage/suggest", (SuggestRequest request) =>
            CategoryClassifier.Default.Suggest(request.Narrative) is { } s
                ? Results.Ok(new
                {
                    s.CategoryCode,
                    s.CategoryName,
                    s.Confidence,
                    s.Evidence,
                    alternatives = s.Alternatives.Select(a => new { code = a.Code, name = Domain.Cases.Categories.NameOf(a.Code), confidence = a.Confidence }),
                    s.Explain,
                })
                : Results.NoContent())
            .WithTags("分类分级").RequireAuthorization(nameof(Permission.CasesRegister));

        // htmx: the suggestion beside the category picker while the clerk types the narrative.
        app.MapPost("/triage/suggestion", (HttpContext http) =>
        {
            var narrative = http.Request.Form["Input.Narrative"].ToString();
            var s = CategoryClassifier.Default.Suggest(narrative);
            var html = s is null
                ? ""
                : $"<span data-testid=\"category-suggestion\" data-code=\"{s.CategoryCode}\"><i class=\"bi bi-lightbulb\"></i> {System.Net.WebUtility.HtmlEncode(s.Explain)} "
                  + $"<button type=\"button\" class=\"btn btn-link btn-sm p-0 align-baseline\" onclick=\"document.getElementById('categoryCode').value='{s.CategoryCode}'\">采用</button></span>";
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization(nameof(Permission.CasesRegister));

        app.MapGet("/api/duty", (DutyList.DutyList.Handler handler, CancellationToken ct) => handler.HandleAsync(ct))
            .WithTags("分类分级").RequireAuthorization(nameof(Permission.CasesRead));
        return app;
    }
}
