using Concord.Domain.Identity;
using Concord.Web.Grids.AssignMember;
using Concord.Web.Grids.ViewGrid;

namespace Concord.Web.Grids;

public static class GridsModule
{
    public static WebApplicationBuilder AddGrids(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ViewGrid.ViewGrid.Handler>();
        builder.Services.AddScoped<AssignMember.AssignMember.Handler>();
        return builder;
    }

    public static WebApplication MapGrids(this WebApplication app)
    {
        var grids = app.MapGroup("/api/grids").WithTags("网格");
        grids.MapGet("/{code}", (string code, int? page, ViewGrid.ViewGrid.Handler h, CancellationToken ct) => h.HandleAsync(code, page, ct))
            .RequireAuthorization(nameof(Permission.RegistryRead));
        grids.MapGet("/{code}/members", (string code, ViewGrid.ViewGrid.Handler h, CancellationToken ct) => h.MembersAsync(code, ct))
            .RequireAuthorization(nameof(Permission.RegistryRead));
        grids.MapPost("/members", async (AssignMember.AssignMember.RegisterRequest request, AssignMember.AssignMember.Handler h, CancellationToken ct) =>
        {
            var id = await h.RegisterAsync(request, ct);
            return TypedResults.Created($"/api/grids/members/{id}", new { id });
        }).RequireAuthorization(nameof(Permission.GridMembersManage));
        grids.MapPost("/members/{id:long}/assignments", async (long id, AssignMember.AssignMember.AssignRequest request, AssignMember.AssignMember.Handler h, CancellationToken ct) =>
        {
            await h.AssignAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.GridMembersManage));
        grids.MapPost("/assignments/{id:long}/end", async (long id, AssignMember.AssignMember.EndRequest request, AssignMember.AssignMember.Handler h, CancellationToken ct) =>
        {
            await h.EndAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(nameof(Permission.GridMembersManage));
        return app;
    }
}
