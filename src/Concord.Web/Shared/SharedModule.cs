using System.Text.Json.Serialization;
using Concord.Web.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Concord.Web.Shared;

public static class SharedModule
{
    public static WebApplicationBuilder AddShared(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PersonalData>();
        services.AddSingleton<Calendar.CalendarService>();
        services.AddSingleton<ReadyState>();
        services.AddSingleton<BatchWriter>();
        services.AddSingleton<InFlightKeys>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchWriter>());
        // Chinese text as is in pages, not as &#x…; entities (smaller pages, readable source).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AuthorizeFolder("/");
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "和合 Concord API";
            document.Info.Description = "矛盾纠纷多元化解平台接口。先调用 POST /api/auth/login 取得 accessToken，再以 Authorization: Bearer <token> 访问其余接口。";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "POST /api/auth/login 返回的 accessToken",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            return Task.CompletedTask;
        }));

        // Keys in the database: any instance can read any other's cookies and tokens.
        services.AddDataProtection().SetApplicationName("Concord");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp)));
        return builder;
    }

    public static WebApplication UseShared(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapShared(this WebApplication app)
    {
        app.MapGet("/healthz", (ReadyState ready) => ready.IsReady ? Results.Text("ok") : Results.StatusCode(503))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Concord API v1");
            o.RoutePrefix = "swagger";
            o.DocumentTitle = "和合 Concord API";
        });
        app.MapRazorPages();
        return app;
    }
}

/// <summary>Data-protection keys in the settings-style table, so that the app tier holds no state.</summary>
internal sealed class DbXmlRepository(IServiceProvider services) : IXmlRepository
{
    public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConcordDb>();
        return [.. db.DataProtectionKeys.Select(k => k.Xml).ToList().Select(x => System.Xml.Linq.XElement.Parse(x))];
    }

    public void StoreElement(System.Xml.Linq.XElement element, string friendlyName)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConcordDb>().ActAs(Actor.System());
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(System.Xml.Linq.SaveOptions.DisableFormatting) });
        db.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
