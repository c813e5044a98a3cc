using Concord.Domain.Identity;
using Concord.Web.Identity.ManageSecurity;
using Concord.Web.Identity.ManageUsers;

namespace Concord.Web.Identity;

public static class AdminEndpoints
{
    public static WebApplication MapAdmin(this WebApplication app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("系统管理").RequireAuthorization(nameof(Permission.UsersManage));
        users.MapGet("/", (ManageUsers.ManageUsers.Handler h, CancellationToken ct) => h.ListAsync(ct));
        users.MapPost("/", async (ManageUsers.ManageUsers.CreateRequest request, ManageUsers.ManageUsers.Handler h, CancellationToken ct) =>
        {
            var id = await h.CreateAsync(request, ct);
            return TypedResults.Created($"/api/admin/users/{id}", new { id });
        });
        users.MapPost("/{id:long}/disable", async (long id, ManageUsers.ManageUsers.Handler h, CancellationToken ct) =>
        {
            await h.SetDisabledAsync(id, true, ct);
            return TypedResults.NoContent();
        });
        users.MapPost("/{id:long}/enable", async (long id, ManageUsers.ManageUsers.Handler h, CancellationToken ct) =>
        {
            await h.SetDisabledAsync(id, false, ct);
            return TypedResults.NoContent();
        });

        var security = app.MapGroup("/api/admin/security").WithTags("安全管理").RequireAuthorization(nameof(Permission.SecurityPolicyManage));
        security.MapGet("/policy", (ManageSecurity.ManageSecurity.Handler h) => h.Policy);
        security.MapPut("/policy", async (SecurityPolicy.Values values, ManageSecurity.ManageSecurity.Handler h, CancellationToken ct) =>
        {
            await h.SavePolicyAsync(values, ct);
            return TypedResults.Ok(h.Policy);
        });
        security.MapGet("/locked", (ManageSecurity.ManageSecurity.Handler h, CancellationToken ct) => h.LockedAsync(ct));
        security.MapPost("/locked/{id:long}/unlock", async (long id, ManageSecurity.ManageSecurity.Handler h, CancellationToken ct) =>
        {
            await h.UnlockAsync(id, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}
