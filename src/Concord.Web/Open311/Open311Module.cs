using Concord.Domain.Identity;

namespace Concord.Web.Open311;

/// <summary>
/// Open311 GeoReport v2 at <c>/open311/v2/</c> (the open intake API for hotlines, mini-programs
/// and city apps) and the registry of the client applications allowed to use it.
/// </summary>
public static class Open311Module
{
    public static WebApplicationBuilder AddOpen311(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ClientAppKeys>();
        builder.Services.AddScoped<ManageClientApps.ManageClientApps.Handler>();
        return builder;
    }

    public static WebApplication MapOpen311(this WebApplication app)
    {
        var apps = app.MapGroup("/api/admin/client-apps").WithTags("开放接口接入应用").RequireAuthorization(nameof(Permission.ClientAppsManage));
        apps.MapGet("/", (ManageClientApps.ManageClientApps.Handler h, CancellationToken ct) => h.ListAsync(ct));
        apps.MapPost("/", async (ManageClientApps.ManageClientApps.CreateRequest request, HttpContext http, ManageClientApps.ManageClientApps.Handler h, CancellationToken ct) =>
        {
            var created = await h.CreateAsync(request, ct);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created($"/api/admin/client-apps/{created.Id}", created);
        });
        apps.MapPost("/{id:long}/revoke", async (long id, ManageClientApps.ManageClientApps.RevokeRequest request, ManageClientApps.ManageClientApps.Handler h, CancellationToken ct) =>
        {
            await h.RevokeAsync(id, request.Reason, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
