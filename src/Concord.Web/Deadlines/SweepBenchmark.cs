using System.Diagnostics;
using System.Globalization;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Deadlines;

/// <summary>
/// <c>--bench-sweep [--open N] [--due M]</c> on a database filled by the scale generator: gives N
/// open cases a running mediation deadline (M of them due now), then times an idle sweep (nothing
/// due: it must change no row) and a sweep of the M due deadlines. See bench/README.md.
/// </summary>
public static class SweepBenchmark
{
    public static bool Requested(string[] args) => args.Contains("--bench-sweep");

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct = default)
    {
        var open = Arg(args, "--open", 1_000_000);
        var due = Arg(args, "--due", 1_000);
        var sweeper = services.GetRequiredService<DeadlineSweeper>();
        await using var db = await services.GetRequiredService<IDbContextFactory<ConcordDb>>().CreateDbContextAsync(ct);
        db.ActAs(Actor.System());
        db.Database.SetCommandTimeout(3600);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var far = now.AddYears(5);

        var existing = await db.CaseDeadlines.IgnoreQueryFilters().CountAsync(d => d.MetAt == null, ct);
        var watch = Stopwatch.StartNew();
        if (existing < open)
        {
            // Bulk set-up outside the audit (benchmark data, like the scale generator's).
            var missing = open - existing;
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO case_deadlines (case_id, region_code, stage, started_at, due_at, paused_at, extended, step, escalations, next_action_at, met_at) SELECT id, region_code, 'Mediation', {now}, {far}, NULL, false, 'None', 0, {far}, NULL FROM cases ORDER BY id LIMIT {missing}", ct);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO case_deadlines (case_id, region_code, stage, started_at, due_at, paused_at, extended, step, escalations, next_action_at, met_at) SELECT id, region_code, 'Mediation', {now}, {far}, NULL, 0, 'None', 0, {far}, NULL FROM cases ORDER BY id LIMIT {missing}", ct);
            }
        }

        Console.WriteLine($"open deadlines: {await db.CaseDeadlines.IgnoreQueryFilters().CountAsync(d => d.MetAt == null, ct):N0} (set-up {watch.Elapsed.TotalSeconds:F1} s)");
        async Task<long> RowsAsync() =>
            await db.CaseEvents.IgnoreQueryFilters().LongCountAsync(ct) + await db.Notifications.IgnoreQueryFilters().LongCountAsync(ct)
            + await db.AuditEntries.IgnoreQueryFilters().LongCountAsync(ct) + await db.SupervisionTasks.IgnoreQueryFilters().LongCountAsync(ct);

        var before = await RowsAsync();
        watch.Restart();
        var idle = await sweeper.SweepOnceAsync(now, ct);
        var idleMs = watch.Elapsed.TotalMilliseconds;
        var changed = await RowsAsync() - before;
        Console.WriteLine($"idle sweep: {idleMs:F1} ms, processed {idle.Processed}, rows written {changed}");

        // Make M deadlines due (already reminded, so the sweep warns them: a notification, a timeline line and an audit entry each).
        var ids = await db.CaseDeadlines.IgnoreQueryFilters().Where(d => d.MetAt == null).OrderBy(d => d.Id).Select(d => d.Id).Take(due).ToListAsync(ct);
        await db.CaseDeadlines.IgnoreQueryFilters().Where(d => ids.Contains(d.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.DueAt, now.AddMinutes(-1)).SetProperty(d => d.NextActionAt, now.AddMinutes(-1)).SetProperty(d => d.Step, Domain.Deadlines.DeadlineStep.Reminded), ct);
        watch.Restart();
        var result = await sweeper.SweepOnceAsync(now, ct);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"sweep of {due:N0} due among {open:N0} open: {seconds:F2} s, processed {result.Processed} (warned {result.Warned}), {result.Processed / Math.Max(seconds, 0.001):F0} deadlines/s");
        return idle.Processed == 0 && changed == 0 && result.Processed == due ? 0 : 1;
    }
}
