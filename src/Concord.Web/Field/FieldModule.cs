using Concord.Domain.Identity;
using Concord.Web.Shared;

namespace Concord.Web.Field;

/// <summary>
/// 掌上网格: the phone pages of grid workers, 网格长 and 联户长 under <c>/m/…</c> — 我的任务,
/// 随手拍 (with an offline queue in the browser), an event's phone page and 我的. They call the
/// handlers of the modules they show (Events, Cases); only "my tasks" is a handler of its own.
/// </summary>
public static class FieldModule
{
    public static WebApplicationBuilder AddField(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MyTasks.MyTasks.Handler>();
        return builder;
    }

    public static WebApplication MapField(this WebApplication app)
    {
        app.MapGet("/api/me/tasks", (MyTasks.MyTasks.Handler handler, CancellationToken ct) => handler.HandleAsync(ct))
            .WithTags("掌上网格")
            .WithDescription("我的任务：待我处置的事件、退回给我的上报（待评价）、交给我或本网格需要跟进的案件、到期的走访。")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
            {
                // The phone pages are the grid's; the list also serves mediators and departments (cases).
                var actor = CurrentActor.FromPrincipal(ctx.User);
                return actor.Can(Permission.EventsRead) || actor.Can(Permission.CasesRead);
            }));
        return app;
    }
}

/// <summary>Where the phone pages' bottom navigation points.</summary>
public static class FieldNav
{
    public const string Tasks = "/m/tasks";
    public const string Report = "/m/report";
    public const string Me = "/m/me";

    /// <summary>The visits module's due list (待走访), a one-column page that works on the phone and leads to logging a visit.</summary>
    public const string Visits = "/visits/due";
}
