using Concord.Domain.Identity;
using Concord.Web.Open311.GeoReport;
using Concord.Web.Open311.ListServices;
using Concord.Web.Shared;

namespace Concord.Web.Open311;

/// <summary>
/// Open311 GeoReport v2 at <c>/open311/v2/</c> (the open intake API for hotlines, mini-programs
/// and city apps) and the registry of the client applications allowed to use it.
/// </summary>
public static class Open311Module
{
    public const string Base = "/open311/v2";

    public static WebApplicationBuilder AddOpen311(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ClientAppKeys>();
        builder.Services.AddSingleton<ServiceCatalogue>();
        builder.Services.AddScoped<Open311Client>();
        builder.Services.AddScoped<FileRequest.Locator>();
        builder.Services.AddScoped<FileRequest.FileRequest.Handler>();
        builder.Services.AddScoped<ListRequests.ListRequests.Handler>();
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

        // The spec's own API: its formats, its error lists, its api_key (no cookies, no bearer).
        var geo = app.MapGroup(Base).WithTags("Open311 GeoReport v2").AllowAnonymous().DisableAntiforgery()
            .AddEndpointFilter(AnswerFailuresAsErrorLists).ExcludeFromDescription();
        geo.MapGet("/discovery.{format}", (string format, HttpRequest request) =>
            GeoReportResults.Ok(GeoReportResults.FormatOf(format), Discover.Discover.Document(request)));
        geo.MapGet("/services.{format}", (string format, ServiceCatalogue catalogue) =>
            GeoReportResults.Ok(GeoReportResults.FormatOf(format), ListServices.ListServices.Services(catalogue)));
        geo.MapGet("/services/{service_code}.{format}", (string service_code, string format, ServiceCatalogue catalogue) =>
            GeoReportResults.Ok(GeoReportResults.FormatOf(format), ListServices.ListServices.Definition(catalogue, service_code)));

        // Requests carry citizens' reports: every method on them needs the app's api_key, and
        // the app then acts inside its organisation's region (Open311Client).
        geo.MapPost("/requests.{format}", async (string format, HttpContext http, FileRequest.FileRequest.Handler h, CancellationToken ct) =>
        {
            var f = GeoReportResults.FormatOf(format);
            var r = await h.HandleAsync(http, ct);
            return GeoReportResults.Ok(f, new GeoDocument("service_requests", new GeoList("request",
            [
                new GeoObject().Add("service_request_id", r.ServiceRequestId).Add("token", r.Token)
                    .Add("service_notice", r.ServiceNotice).AddOptional("account_id", r.AccountId),
            ])));
        });
        geo.MapGet("/requests.{format}", async (string format, string? service_request_id, string? service_code, string? start_date, string? end_date, string? status,
            HttpContext http, Open311Client client, ListRequests.ListRequests.Handler h, CancellationToken ct) =>
        {
            var f = GeoReportResults.FormatOf(format);
            var app = await client.RequireAsync(http, ct);
            return GeoReportResults.Ok(f, await h.ListAsync(app, new(service_request_id, service_code, start_date, end_date, status), ct));
        });
        geo.MapGet("/requests/{service_request_id}.{format}", async (string service_request_id, string format, HttpContext http, Open311Client client, ListRequests.ListRequests.Handler h, CancellationToken ct) =>
        {
            var f = GeoReportResults.FormatOf(format);
            var app = await client.RequireAsync(http, ct);
            return GeoReportResults.Ok(f, await h.OneAsync(app, service_request_id, ct));
        });
        geo.MapGet("/tokens/{token_id}.{format}", async (string token_id, string format, HttpContext http, Open311Client client, ListRequests.ListRequests.Handler h, CancellationToken ct) =>
        {
            var f = GeoReportResults.FormatOf(format);
            await client.RequireAsync(http, ct);
            return GeoReportResults.Ok(f, await h.TokenAsync(token_id, ct));
        });
        return app;
    }

    /// <summary>Every refusal of the Open311 API as the spec's error list, in the format the URL asked for (XML otherwise).</summary>
    private static async ValueTask<object?> AnswerFailuresAsErrorLists(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var format = GeoReportResults.TryParseFormat(context.HttpContext.GetRouteValue("format") as string, out var f) ? f : GeoFormat.Xml;
        try
        {
            return await next(context);
        }
        catch (GeoReportException ex)
        {
            return GeoReportResults.Errors(format, ex.Errors);
        }
        catch (DomainException ex)
        {
            return GeoReportResults.Errors(format, GeoReportResults.FromDomain(ex));
        }
        catch (BadHttpRequestException ex)
        {
            return GeoReportResults.Errors(format, [new GeoError(400, "请求格式不正确：" + ex.Message)]);
        }
    }
}
