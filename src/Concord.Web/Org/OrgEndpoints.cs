using System.Net;
using System.Text;
using Concord.Domain.Identity;
using Concord.Web.Cases.RegisterCase;
using Concord.Web.Org.BrowseOrg;
using Concord.Web.Persistence;

namespace Concord.Web.Org;

public static class OrgModule
{
    public static WebApplicationBuilder AddOrg(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BrowseOrg.BrowseOrg.Handler>();
        return builder;
    }

    public static WebApplication MapOrg(this WebApplication app)
    {
        app.MapGet("/api/regions", (string? code, BrowseOrg.BrowseOrg.Handler handler, CancellationToken ct) => handler.HandleAsync(code, ct))
            .WithTags("区划与组织").RequireAuthorization(nameof(Permission.OrgRead));

        // htmx: <option>s for the grid picker of a village.
        app.MapGet("/org/grid-options", async (string? villageCode, HttpContext http, ConcordDb db, CancellationToken ct) =>
        {
            villageCode ??= http.Request.Query["Input.VillageCode"];
            var html = new StringBuilder("<option value=\"\">不确定</option>");
            if (!string.IsNullOrEmpty(villageCode))
            {
                foreach (var (code, name) in await GridOptions.ForVillageAsync(db, villageCode, ct))
                {
                    html.Append($"<option value=\"{WebUtility.HtmlEncode(code)}\">{WebUtility.HtmlEncode(name)}</option>");
                }
            }

            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization();
        return app;
    }
}
