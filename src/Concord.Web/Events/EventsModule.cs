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
        builder.Services.AddScoped<ListEvents.ListEvents.Handler>();
        builder.Services.AddScoped<MoveEvent.MoveEvent.Handler>();
        builder.Services.AddScoped<ConvertToCase.ConvertToCase.Handler>();
        builder.Services.AddScoped<FindDuplicates.FindDuplicates.Handler>();
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
        events.MapGet("/", (string? status, string? category, string? region, bool? overdue, int? page, int? pageSize, ListEvents.ListEvents.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(new ListEvents.ListEvents.Query(status, category, region, overdue ?? false, null, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.EventsRead))
            .WithDescription("事件列表。status：状态名或 open（未办结）；category：大类（2 位）、小类（4 位）或细类（6 位）编码；region：网格、村或镇编码（含下级）；overdue=true：只看超期。");
        events.MapGet("/duplicates", (string? itemCode, double? latitude, double? longitude, string? address, FindDuplicates.FindDuplicates.Handler handler, CancellationToken ct) =>
            handler.HandleAsync(new FindDuplicates.FindDuplicates.Query(itemCode, latitude, longitude, address), ct))
            .RequireAuthorization(nameof(Permission.EventsRead))
            .WithDescription("疑似重复：同一细类 50 米内（未办结或 7 日内上报），或同一地址 7 日内上报的事件。");
        events.MapGet("/{code}", (string code, ViewEvent.ViewEvent.Handler handler, CancellationToken ct) => handler.HandleAsync(code, ct))
            .RequireAuthorization(nameof(Permission.EventsRead));
        events.MapGet("/{code}/duplicates", (string code, FindDuplicates.FindDuplicates.Handler handler, CancellationToken ct) => handler.OfEventAsync(code, ct))
            .RequireAuthorization(nameof(Permission.EventsRead));
        events.MapGet("/{code}/departments", (string code, MoveEvent.MoveEvent.Handler handler, CancellationToken ct) => handler.DepartmentsAsync(code, ct))
            .RequireAuthorization(nameof(Permission.EventsRead));
        MapMoves(events.MapGroup("/{code}").RequireAuthorization(nameof(Permission.EventsRead)));
        events.MapGet("/{code}/photos/{id:long}", async (string code, long id, ViewEvent.ViewEvent.Handler handler, EventPhotoFiles files, CancellationToken ct) =>
        {
            var (photo, content) = await handler.OpenPhotoAsync(code, id, files, ct);
            return TypedResults.File(content, photo.ContentType, photo.FileName);
        }).RequireAuthorization(nameof(Permission.EventsRead));
        app.MapPost("/api/public/event-ratings/{token}", async (string token, MoveEvent.MoveEvent.RateRequest request, MoveEvent.MoveEvent.Handler handler, CancellationToken ct) =>
            TypedResults.Ok(new { message = await handler.RateByTokenAsync(token, request, ct) }))
            .WithTags("事件").AllowAnonymous().RequireRateLimiting(Tracking.TrackingModule.PublicPolicy);
        return app;
    }

    /// <summary>One POST per move; each answers 204, or 409 when the event's state does not allow it.</summary>
    private static void MapMoves(RouteGroupBuilder e)
    {
        e.MapPost("/handle", (string code, MoveEvent.MoveEvent.HandleRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.HandleInGridAsync(code, r, null, ct)))
            .WithDescription("就地处置：note（处置情况）+ photos（处置后照片，至少 1 张，base64）。");
        e.MapPost("/escalate", (string code, MoveEvent.MoveEvent.NoteRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.EscalateAsync(code, r, ct)));
        e.MapPost("/handling/accept", (string code, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.AcceptHandlingAsync(code, ct)));
        e.MapPost("/handling/reject", (string code, MoveEvent.MoveEvent.ReasonRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.RejectHandlingAsync(code, r, ct)));
        e.MapPost("/dispatch", (string code, MoveEvent.MoveEvent.DispatchRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.DispatchAsync(code, r, ct)));
        e.MapPost("/reply", (string code, MoveEvent.MoveEvent.ReplyRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.ReplyAsync(code, r, null, ct)));
        e.MapPost("/return", (string code, MoveEvent.MoveEvent.ReasonRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.ReturnToCentreAsync(code, r, ct)));
        e.MapPost("/reply/accept", (string code, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.AcceptReplyAsync(code, ct)));
        e.MapPost("/reply/reject", (string code, MoveEvent.MoveEvent.ReasonRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.RejectReplyAsync(code, r, ct)));
        e.MapPost("/dismiss", (string code, MoveEvent.MoveEvent.ReasonRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.DismissAsync(code, r, ct)));
        e.MapPost("/rate", (string code, MoveEvent.MoveEvent.RateRequest r, MoveEvent.MoveEvent.Handler h, CancellationToken ct) => Done(h.RateAsync(code, r, ct)));
        e.MapPost("/convert", async (string code, ConvertToCase.ConvertToCase.Request r, ConvertToCase.ConvertToCase.Handler h, CancellationToken ct) =>
        {
            var result = await h.HandleAsync(code, r, ct);
            return TypedResults.Created($"/api/cases/{result.CaseCode}", result);
        }).WithDescription("矛盾纠纷类事件转为案件：类别、情况、村/网格、地址、渠道均取自事件；parties 为当事人（群众上报且留名时默认报告人为申请人）。");
    }

    private static async Task<IResult> Done(Task move)
    {
        await move;
        return TypedResults.NoContent();
    }
}
