using Concord.Domain.Dashboard;
using Concord.Domain.Rankings;
using Concord.Domain.Regions;
using Concord.Web.Dashboard;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Rankings;

/// <summary>
/// Reads a place and the figures of its children from the roll-ups (never from <c>cases</c>):
/// one query by the parent index for the children's rows of the period, one by the key for the
/// place's own. Both run through the scoped context, so a place outside the reader's subtree
/// does not exist (404).
/// </summary>
public static class PlaceFiguresReader
{
    /// <summary>A place and the places one level below it, all within the reader's scope.</summary>
    public sealed record Place(Region Region, IReadOnlyList<Region> Children);

    /// <summary>The figures of a child (or of the place itself) over a period.</summary>
    public sealed record Figures(FigureSet Total, IReadOnlyDictionary<string, FigureSet> ByDim);

    public static async Task<Place> PlaceAsync(ConcordDb db, Actor actor, string? code, CancellationToken ct)
    {
        code = string.IsNullOrWhiteSpace(code) ? RollupQueries.HomePlace(actor) : code.Trim();
        if (code is null)
        {
            throw new NotFoundException("该地区");
        }

        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct) ?? throw new NotFoundException("该地区");
        var children = region.Level >= RegionLevel.Village
            ? []
            : await db.Regions.AsNoTracking().Where(r => r.ParentCode == code).OrderBy(r => r.Code).ToListAsync(ct);
        return new Place(region, children);
    }

    /// <summary>The children's figures (total and every breakdown) over months from..to, keyed by region code.</summary>
    public static async Task<Dictionary<string, Figures>> ChildrenAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        Group(await RollupQueries.ChildRowsAsync(db, place, from, to, ct));

    /// <summary>The place's own figures (total and every breakdown) over months from..to.</summary>
    public static async Task<Figures> OwnAsync(ConcordDb db, string place, int from, int to, CancellationToken ct) =>
        Group(await RollupQueries.OwnRowsAsync(db, place, from, to, ct)).GetValueOrDefault(place)
        ?? new Figures(FigureSet.Empty, new Dictionary<string, FigureSet>());

    /// <summary>
    /// Resolved/failed per category (the <c>c:</c> rows), for the case-mix adjustment, in category
    /// code order: the adjustment sums doubles in this order, so it must not depend on the order
    /// the database returns rows in.
    /// </summary>
    public static Dictionary<string, Judged> Categories(Figures figures) =>
        figures.ByDim.Where(kv => kv.Key.StartsWith(Rollups.CategoryPrefix, StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key[Rollups.CategoryPrefix.Length..], kv => new Judged(kv.Value[Figure.Resolved], kv.Value[Figure.Failed]), StringComparer.Ordinal);

    private static Dictionary<string, Figures> Group(List<CaseRollup> rows) =>
        rows.GroupBy(r => r.RegionCode).ToDictionary(
            g => g.Key,
            g =>
            {
                var total = FigureSet.Empty;
                var byDim = new Dictionary<string, FigureSet>(StringComparer.Ordinal);
                foreach (var row in g)
                {
                    if (row.Dim == Rollups.Total)
                    {
                        FigureSet.Add(total.Counters, row);
                    }
                    else
                    {
                        if (!byDim.TryGetValue(row.Dim, out var set))
                        {
                            byDim[row.Dim] = set = FigureSet.Empty;
                        }

                        FigureSet.Add(set.Counters, row);
                    }
                }

                return new Figures(total, byDim);
            },
            StringComparer.Ordinal);

    /// <summary>Parses period and kind (400 with field errors when malformed); empty period = this month (China time).</summary>
    public static ReportPeriod Period(string? period, string? kind, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime + Rollups.ChinaOffset;
        var errors = new FieldErrors();
        if (!ReportPeriod.TryParseKind(kind, out var k))
        {
            errors.Add("kind", "周期只能是 month、quarter 或 year。");
        }

        if (!ReportPeriod.TryParseMonth(period, (now.Year, now.Month), out var month))
        {
            errors.Add("period", "月份格式应为 2026-11。");
        }

        errors.ThrowIfAny();
        return ReportPeriod.Of(k, month.Year, month.Month);
    }
}
