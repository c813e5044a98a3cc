using Concord.Domain.Identity;

namespace Concord.Web.Rankings;

/// <summary>月晾晒、季排位: places ranked on normalised indicators from the roll-ups; resident populations for per-10,000 figures.</summary>
public static class RankingsModule
{
    public static WebApplicationBuilder AddRankings(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RankingOptions>(builder.Configuration.GetSection("Concord:Rankings"));
        builder.Services.AddScoped<ViewRankings.ViewRankings.Handler>();
        builder.Services.AddScoped<SetPopulation.SetPopulation.Handler>();
        return builder;
    }

    public static WebApplication MapRankings(this WebApplication app)
    {
        app.MapGet("/api/rankings", (string? place, string? period, string? kind, ViewRankings.ViewRankings.Handler h, CancellationToken ct) =>
            h.HandleAsync(new ViewRankings.ViewRankings.Query(place, period, kind), ct))
            .WithTags("排名").RequireAuthorization(nameof(Permission.RankingsRead));
        app.MapPut("/api/regions/{code}/population", async (string code, SetPopulation.SetPopulation.Request request, SetPopulation.SetPopulation.Handler h, CancellationToken ct) =>
        {
            await h.HandleAsync(code, request, ct);
            return TypedResults.NoContent();
        }).WithTags("排名").RequireAuthorization(nameof(Permission.RegionsManage));
        return app;
    }
}
