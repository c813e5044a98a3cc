using Concord.Domain.Identity;
using Concord.Web.Registry.Households;
using Concord.Web.Registry.Import;
using Concord.Web.Registry.Organisations;
using Concord.Web.Registry.Parts;
using Concord.Web.Registry.Places;
using Concord.Web.Registry.Sentiments;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry;

/// <summary>The six-element registry (人、地、物、情、组织; 事 is the events module): pages under /registry, API under /api/registry.</summary>
public static class RegistryModule
{
    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<RegistrySearch>();
        services.AddScoped<RegistryContext>();
        services.AddScoped<HouseholdRegistry.Handler>();
        services.AddScoped<PlaceRegistry.Handler>();
        services.AddScoped<PartRegistry.Handler>();
        services.AddScoped<OrganisationRegistry.Handler>();
        services.AddScoped<SentimentRegistry.Handler>();
        services.AddScoped<ImportRegistry.Handler>();
        return builder;
    }

    public static WebApplication MapRegistry(this WebApplication app)
    {
        const string read = nameof(Permission.RegistryRead);
        const string write = nameof(Permission.RegistryWrite);
        var api = app.MapGroup("/api/registry").WithTags("六要素登记");

        api.MapGet("/households", (string? q, string? regionCode, int? page, int? pageSize, HouseholdRegistry.Handler h, CancellationToken ct) =>
            h.ListAsync(q, regionCode, page, pageSize, ct)).RequireAuthorization(read);
        api.MapGet("/households/{id:long}", (long id, HouseholdRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(read);
        api.MapPost("/households", async (HouseholdRegistry.HouseholdInput input, HouseholdRegistry.Handler h, CancellationToken ct) =>
            Created("households", await h.CreateAsync(input, ct))).RequireAuthorization(write);
        api.MapPut("/households/{id:long}", async (long id, HouseholdRegistry.HouseholdInput input, HouseholdRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);
        api.MapPost("/households/{id:long}/residents", async (long id, HouseholdRegistry.ResidentInput input, HouseholdRegistry.Handler h, CancellationToken ct) =>
            Created("residents", await h.AddResidentAsync(id, input, ct))).RequireAuthorization(write);
        api.MapGet("/residents/{id:long}", (long id, HouseholdRegistry.Handler h, CancellationToken ct) => h.GetResidentAsync(id, ct)).RequireAuthorization(read);
        api.MapPut("/residents/{id:long}", async (long id, HouseholdRegistry.ResidentInput input, HouseholdRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateResidentAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);

        api.MapGet("/places", (string? q, string? regionCode, int? page, int? pageSize, PlaceRegistry.Handler h, CancellationToken ct) =>
            h.ListAsync(q, regionCode, page, pageSize, ct)).RequireAuthorization(read);
        api.MapGet("/places/{id:long}", (long id, PlaceRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(read);
        api.MapPost("/places", async (PlaceRegistry.Input input, PlaceRegistry.Handler h, CancellationToken ct) =>
            Created("places", await h.CreateAsync(input, ct))).RequireAuthorization(write);
        api.MapPut("/places/{id:long}", async (long id, PlaceRegistry.Input input, PlaceRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);

        api.MapGet("/parts", (string? q, string? regionCode, string? state, int? page, int? pageSize, PartRegistry.Handler h, CancellationToken ct) =>
            h.ListAsync(q, regionCode, state, page, pageSize, ct)).RequireAuthorization(read);
        api.MapGet("/parts/{id:long}", (long id, PartRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(read);
        api.MapPost("/parts", async (PartRegistry.Input input, PartRegistry.Handler h, CancellationToken ct) =>
            Created("parts", await h.CreateAsync(input, ct))).RequireAuthorization(write);
        api.MapPut("/parts/{id:long}", async (long id, PartRegistry.Input input, PartRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);

        api.MapGet("/organisations", (string? q, string? regionCode, int? page, int? pageSize, OrganisationRegistry.Handler h, CancellationToken ct) =>
            h.ListAsync(q, regionCode, page, pageSize, ct)).RequireAuthorization(read);
        api.MapGet("/organisations/{id:long}", (long id, OrganisationRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(read);
        api.MapPost("/organisations", async (OrganisationRegistry.Input input, OrganisationRegistry.Handler h, CancellationToken ct) =>
            Created("organisations", await h.CreateAsync(input, ct))).RequireAuthorization(write);
        api.MapPut("/organisations/{id:long}", async (long id, OrganisationRegistry.Input input, OrganisationRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);

        api.MapGet("/sentiments", (string? q, string? regionCode, string? topic, int? page, int? pageSize, SentimentRegistry.Handler h, CancellationToken ct) =>
            h.ListAsync(q, regionCode, topic, page, pageSize, ct)).RequireAuthorization(read);
        api.MapGet("/sentiments/{id:long}", (long id, SentimentRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(read);
        api.MapPost("/sentiments", async (SentimentRegistry.Input input, SentimentRegistry.Handler h, CancellationToken ct) =>
            Created("sentiments", await h.CreateAsync(input, ct))).RequireAuthorization(write);
        api.MapPut("/sentiments/{id:long}", async (long id, SentimentRegistry.Input input, SentimentRegistry.Handler h, CancellationToken ct) =>
        {
            await h.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(write);

        // Import: templates, upload (multipart, field "file"), the result and its downloadable report.
        api.MapGet("/import/{kind}/template", (string kind, string? format) =>
        {
            var (name, type, content) = ImportRegistry.Handler.Template(kind, format);
            return TypedResults.File(content, type, name);
        }).RequireAuthorization(write);
        // The form is read by hand (not an IFormFile parameter): that would make routing answer 415
        // to a wrong content type before authorization, and anonymous callers must get 401 first.
        api.MapPost("/import/{kind}", async (string kind, HttpRequest request, ImportRegistry.Handler h, CancellationToken ct) =>
        {
            var file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files["file"] : null;
            if (file is null)
            {
                throw new Shared.DomainException("import_no_file", "请以 multipart/form-data 上传文件（表单字段 file）。");
            }

            var result = await h.ImportAsync(kind, file.FileName, await ReadAsync(file, ct), ct);
            return result.Imported ? Results.Ok(result) : Results.UnprocessableEntity(result);
        }).RequireAuthorization(write).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(ImportRegistry.MaxBytes + 1_000_000));
        api.MapGet("/imports/{id:long}", (long id, ImportRegistry.Handler h, CancellationToken ct) => h.GetAsync(id, ct)).RequireAuthorization(write);
        api.MapGet("/imports/{id:long}/report", async (long id, string? format, ImportRegistry.Handler h, CancellationToken ct) =>
        {
            var (name, type, content) = await h.ReportAsync(id, format, ct);
            return TypedResults.File(content, type, name);
        }).RequireAuthorization(write);
        return app;
    }

    public static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > ImportRegistry.MaxBytes)
        {
            throw new Shared.DomainException("import_too_large", "文件不能超过 20 MB，请分成几个文件上传。");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Created<IdResult> Created(string what, long id) =>
        TypedResults.Created($"/api/registry/{what}/{id}", new IdResult(id));

    public sealed record IdResult(long Id);
}
