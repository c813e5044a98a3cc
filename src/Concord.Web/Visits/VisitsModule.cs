using Concord.Domain.Identity;
using Concord.Domain.Visits;

namespace Concord.Web.Visits;

/// <summary>走访: household visits, coverage, visits due, key households and the weekly 研判 meeting.</summary>
public static class VisitsModule
{
    public static WebApplicationBuilder AddVisits(this WebApplicationBuilder builder)
    {
        // Concord:Visits:KeyWindowDays / BasicWindowDays change the policy (defaults 7 and 30).
        var policy = builder.Configuration.GetSection("Concord:Visits").Get<VisitPolicy>() ?? VisitPolicy.Default;
        builder.Services.AddSingleton(policy);
        builder.Services.AddScoped<LogVisit.LogVisit.Handler>();
        builder.Services.AddScoped<ListVisits.ListVisits.Handler>();
        builder.Services.AddScoped<Coverage.Coverage.Handler>();
        builder.Services.AddScoped<VisitsDue.VisitsDue.Handler>();
        builder.Services.AddScoped<MarkKeyHousehold.MarkKeyHousehold.Handler>();
        builder.Services.AddScoped<RecordMeeting.RecordMeeting.Handler>();
        builder.Services.AddScoped<ListMeetings.ListMeetings.Handler>();
        builder.Services.AddScoped<ViewMeeting.ViewMeeting.Handler>();
        return builder;
    }

    public static WebApplication MapVisits(this WebApplication app)
    {
        var visits = app.MapGroup("/api/visits").WithTags("走访");
        visits.MapPost("/", async (LogVisit.LogVisit.Request request, HttpContext http, LogVisit.LogVisit.Handler h, CancellationToken ct) =>
        {
            var result = await h.HandleAsync(request, http.Request.Headers["Idempotency-Key"].FirstOrDefault(), ct);
            return TypedResults.Created((string?)null, result);
        }).RequireAuthorization(nameof(Permission.VisitsLog));
        visits.MapGet("/", (string? grid, DateOnly? from, DateOnly? to, long? visitor, int? page, int? pageSize, ListVisits.ListVisits.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ListVisits.ListVisits.Query(grid, from, to, visitor, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.VisitsRead));
        visits.MapGet("/coverage", (string? region, int? days, int? page, int? pageSize, Coverage.Coverage.Handler h, CancellationToken ct) =>
            h.HandleAsync(new Coverage.Coverage.Query(region, days, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.VisitsRead));
        visits.MapGet("/due", (VisitsDue.VisitsDue.Handler h, CancellationToken ct) => h.HandleAsync(ct))
            .RequireAuthorization(nameof(Permission.VisitsLog));
        visits.MapPut("/households/{id:long}/key", async (long id, MarkKeyHousehold.MarkKeyHousehold.Request request, MarkKeyHousehold.MarkKeyHousehold.Handler h, CancellationToken ct) =>
        {
            await h.HandleAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.KeyHouseholdsManage));

        var meetings = visits.MapGroup("/meetings").WithTags("周研判");
        meetings.MapGet("/", (string? region, int? page, int? pageSize, ListMeetings.ListMeetings.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ListMeetings.ListMeetings.Query(region, page ?? 1, pageSize ?? 20), ct))
            .RequireAuthorization(nameof(Permission.VisitsRead));
        meetings.MapPost("/", async (RecordMeeting.RecordMeeting.Request request, RecordMeeting.RecordMeeting.Handler h, CancellationToken ct) =>
        {
            var id = await h.RecordAsync(request, ct);
            return TypedResults.Created($"/api/visits/meetings/{id}", new { id });
        }).RequireAuthorization(nameof(Permission.MeetingsRecord));
        meetings.MapGet("/{id:long}", (long id, ViewMeeting.ViewMeeting.Handler h, CancellationToken ct) => h.HandleAsync(id, ct))
            .RequireAuthorization(nameof(Permission.VisitsRead));
        meetings.MapPost("/{id:long}/items/{itemId:long}/done", async (long id, long itemId, RecordMeeting.RecordMeeting.DoneRequest request, RecordMeeting.RecordMeeting.Handler h, CancellationToken ct) =>
        {
            await h.MarkDoneAsync(id, itemId, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.MeetingsRecord));
        return app;
    }
}
