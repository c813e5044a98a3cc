using System.Diagnostics;
using System.Globalization;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Warnings.Scan;

/// <summary>
/// <c>--bench-warnings [--new N]</c> on a database filled by the scale generator: times the first
/// (catch-up) scan, an idle scan, then registers N new cases this month in a few villages and times
/// the incremental scan that evaluates them. See bench/README.md.
/// </summary>
public static class WarningScanBenchmark
{
    public static bool Requested(string[] args) => args.Contains("--bench-warnings");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct = default)
    {
        var i = Array.IndexOf(args, "--new");
        var count = i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) ? n : 1_000;
        var scanner = services.GetRequiredService<WarningScanner>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using var db = await services.GetRequiredService<IDbContextFactory<ConcordDb>>().CreateDbContextAsync(ct);
        db.ActAs(Actor.System());
        db.Database.SetCommandTimeout(3600);
        Console.WriteLine($"cases: {await db.Cases.IgnoreQueryFilters().LongCountAsync(ct):N0}, red flags: {await db.CaseRedFlags.IgnoreQueryFilters().LongCountAsync(ct):N0}, timeline: {await db.CaseEvents.IgnoreQueryFilters().LongCountAsync(ct):N0}");

        var watch = Stopwatch.StartNew();
        var first = await scanner.ScanOnceAsync(now, ct);
        Console.WriteLine($"first (catch-up) scan: {watch.Elapsed.TotalSeconds:F1} s, {first.Read:N0} rows read, {first.Raised} raised, {first.Updated} updated");

        watch.Restart();
        var idle = await scanner.ScanOnceAsync(now, ct);
        Console.WriteLine($"idle scan: {watch.Elapsed.TotalMilliseconds:F1} ms, {idle.Read} rows read");

        // N new cases this month, copies of recent ones (so spread over their villages and categories).
        var templates = await db.Cases.IgnoreQueryFilters().AsNoTracking().OrderByDescending(c => c.Id).Take(count).ToListAsync(ct);
        var serial = 0;
        foreach (var t in templates)
        {
            db.Cases.Add(new Case
            {
                Code = $"BW{now:yyMMddHHmm}{serial++:000000}",
                RegionCode = t.RegionCode,
                VillageCode = t.VillageCode,
                GridCode = t.GridCode,
                Channel = t.Channel,
                CategoryCode = t.CategoryCode,
                Summary = t.Summary,
                Narrative = t.Narrative,
                Status = t.Status,
                RiskLevel = t.RiskLevel,
                RegisteredAt = now,
                UpdatedAt = now,
            });
        }

        db.Audit("bench.cases_added", "Case", "", new { count = templates.Count });
        await db.SaveChangesAsync(ct);
        watch.Restart();
        var incremental = await scanner.ScanOnceAsync(now, ct);
        Console.WriteLine($"incremental scan of {templates.Count:N0} new cases: {watch.Elapsed.TotalMilliseconds:F0} ms, {incremental.Read:N0} rows read, {incremental.Raised} raised, {incremental.Updated} updated");
        return 0;
    }
}
