using Concord.Domain.Identity;

namespace Concord.Web.Calendar;

public static class CalendarModule
{
    public static WebApplicationBuilder AddCalendarAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ManageCalendar.ManageCalendar.Handler>();
        return builder;
    }

    public static WebApplication MapCalendarAdmin(this WebApplication app)
    {
        var calendar = app.MapGroup("/api/admin/calendar").WithTags("系统管理").RequireAuthorization(nameof(Permission.CalendarManage));
        calendar.MapGet("/", (ManageCalendar.ManageCalendar.Handler h) => h.Years());
        calendar.MapGet("/{year:int}", (int year, ManageCalendar.ManageCalendar.Handler h) => h.Year(year));
        calendar.MapPut("/{year:int}", (int year, ManageCalendar.ManageCalendar.YearRequest request, ManageCalendar.ManageCalendar.Handler h, CancellationToken ct) =>
            h.SaveAsync(year, request, ct));
        return app;
    }
}
