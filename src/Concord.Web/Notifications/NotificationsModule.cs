using Concord.Web.Notifications.Inbox;

namespace Concord.Web.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ISmsSender, OutboxSmsSender>();
        builder.Services.AddScoped<Inbox.Inbox.Handler>();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        var inbox = app.MapGroup("/api/inbox").WithTags("消息").RequireAuthorization();
        inbox.MapGet("/", (bool? unreadOnly, int? page, int? pageSize, Inbox.Inbox.Handler h, CancellationToken ct) =>
            h.ListAsync(unreadOnly ?? false, page ?? 1, pageSize ?? 20, ct));
        inbox.MapPost("/{id:long}/read", async (long id, Inbox.Inbox.Handler h, CancellationToken ct) =>
        {
            await h.MarkReadAsync(id, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
