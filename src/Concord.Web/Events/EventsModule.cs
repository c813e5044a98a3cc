using Concord.Domain.Events;
using Concord.Domain.Identity;

namespace Concord.Web.Events;

/// <summary>Events (随手拍): report, view, and (stage by stage) the whole loop to a department and back.</summary>
public static class EventsModule
{
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventPhotoFiles>();
        builder.Services.AddScoped<EventAccess>();
        builder.Services.AddScoped<ReportEvent.ReportEvent.Handler>();
        builder.Services.AddScoped<ViewEvent.ViewEvent.Handler>();
        return builder;
    }

    public static WebApplication MapEvents(this WebApplication app)
    {
        app.MapGet("/api/event-categories", () => EventTaxonomy.Classes.Select(c => new
        {
            c.Code,
            c.Name,
            family = c.Family.ToString(),
            subclasses = EventTaxonomy.Subclasses.Where(s => s.ClassCode == c.Code).Select(s => new
            {
                s.Code,
                s.Name,
                items = EventTaxonomy.Items.Where(i => i.SubclassCode == s.Code).Select(i => new
                {
                    i.Code,
                    i.Name,
                    i.Description,
                    i.ServiceCode,
                    department = i.DepartmentSuffix,
                    disputeCategoryCode = i.DisputeCategoryCode,
                }),
            }),
        })).WithTags("参考数据").RequireAuthorization();

        var events = app.MapGroup("/api/events").WithTags("事件");
        events.MapPost("/", async (ReportEvent.ReportEvent.Request request, HttpContext http, ReportEvent.ReportEvent.Handler handler, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(request, http.Request.Headers["Idempotency-Key"].FirstOrDefault(), ct: ct);
            return TypedResults.Created($"/api/events/{result.Code}", new { result.Code, result.Replayed });
        }).RequireAuthorization(nameof(Permission.EventsReport))
            .WithDescription("上报事件（JSON）。照片可放在 photos 数组中（fileName + contentBase64；JPG/PNG/WebP，每张不超过 10 MB，最多 9 张）。重试请带同一个 Idempotency-Key。");
        events.MapGet("/{code}", (string code, ViewEvent.ViewEvent.Handler handler, CancellationToken ct) => handler.HandleAsync(code, ct))
            .RequireAuthorization(nameof(Permission.EventsRead));
        events.MapGet("/{code}/photos/{id:long}", async (string code, long id, ViewEvent.ViewEvent.Handler handler, EventPhotoFiles files, CancellationToken ct) =>
        {
            var (photo, content) = await handler.OpenPhotoAsync(code, id, files, ct);
            return TypedResults.File(content, photo.ContentType, photo.FileName);
        }).RequireAuthorization(nameof(Permission.EventsRead));
        return app;
    }
}
