using System.Globalization;
using Concord.Domain.Warnings;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Warnings.Scan;

/// <summary>
/// Raises and refreshes early warnings incrementally. Three watermarks (stored in
/// <c>settings</c>) say how far it has read: red flags (repeat and group, as intake's triage
/// raised them — the matching logic is not repeated here), cases (for rising categories) and
/// timeline lines "overdue"/"escalated" written by the deadline sweeper (for overdue
/// clusters). Each batch reads only rows above its watermark and evaluates only the villages,
/// categories and organisations they touch, with indexed range queries; a scan with nothing
/// new is three primary-key probes. The batch runs inside the write transaction (write gate +
/// PostgreSQL advisory lock), so instances take turns, every id below the maximum read under
/// the lock is committed, and the unique (kind, dedupe key) index rejects a duplicate.
/// </summary>
public sealed partial class WarningScanner(
    IDbContextFactory<ConcordDb> contexts,
    WarningThresholds thresholds,
    TimeProvider clock,
    ReadyState ready,
    IConfiguration configuration,
    ILogger<WarningScanner> log) : BackgroundService
{
    public const int BatchSize = 500;

    public sealed record ScanResult(int Read, int Raised, int Updated)
    {
        public static readonly ScanResult None = new(0, 0, 0);

        public static ScanResult operator +(ScanResult a, ScanResult b) => new(a.Read + b.Read, a.Raised + b.Raised, a.Updated + b.Updated);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Concord:Warnings:Enabled", true))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Concord:Warnings:IntervalSeconds", 300)));
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!ready.IsReady)
            {
                continue;
            }

            try
            {
                var result = await ScanOnceAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (result.Raised + result.Updated > 0)
                {
                    log.LogInformation("Warning scan: {Read} rows read, {Raised} raised, {Updated} updated.", result.Read, result.Raised, result.Updated);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The batch rolled back with its watermarks; the next tick tries again.
                log.LogError(ex, "Warning scan failed.");
            }
        }
    }

    /// <summary>Reads everything new since the watermarks, batch by batch, judging "this month" and "overdue" at <paramref name="nowUtc"/>.</summary>
    public async Task<ScanResult> ScanOnceAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var total = ScanResult.None;
        while (true)
        {
            var (more, result) = await ScanBatchAsync(nowUtc, ct);
            total += result;
            if (!more)
            {
                return total;
            }
        }
    }

    private async Task<(bool More, ScanResult Result)> ScanBatchAsync(DateTime now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext().ActAs(Actor.System());

        // The probe outside the write gate: an idle scan blocks no writer.
        var marks = await Watermarks.LoadAsync(db, ct);
        if ((await Watermarks.MaximaAsync(db, ct)).NotAbove(marks))
        {
            return (false, ScanResult.None);
        }

        await using var write = await db.BeginWriteAsync(ct);
        marks = await Watermarks.LoadAsync(db, ct);
        var max = await Watermarks.MaximaAsync(db, ct);
        var run = new Run(db, thresholds, now);

        var flags = await db.CaseRedFlags.IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.Id > marks.Flags && f.Id <= max.Flags && (f.Kind == Domain.Triage.RedFlagKind.Repeat || f.Kind == Domain.Triage.RedFlagKind.Group))
            .OrderBy(f => f.Id).Take(BatchSize).ToListAsync(ct);
        var cases = await db.Cases.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Id > marks.Cases && c.Id <= max.Cases)
            .OrderBy(c => c.Id).Take(BatchSize)
            .Select(c => new NewCase(c.Id, c.VillageCode, c.CategoryCode, c.RegisteredAt)).ToListAsync(ct);
        var events = await db.CaseEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Id > marks.Events && e.Id <= max.Events && (e.Kind == "overdue" || e.Kind == "escalated"))
            .OrderBy(e => e.Id).Take(BatchSize).Select(e => new { e.Id, e.CaseId }).ToListAsync(ct);

        var cutoff = now.AddDays(-thresholds.LookbackDays);
        await run.RepeatsAndGroupsAsync([.. flags.Where(f => f.RaisedAt >= cutoff)], ct);
        await run.RisingCategoriesAsync(cases, ct);
        await run.OverdueClustersAsync([.. events.Select(e => e.CaseId).Distinct()], ct);

        // A full batch stops at its last row; a short one has read everything up to the maximum.
        var next = new Watermarks(
            flags.Count == BatchSize ? flags[^1].Id : max.Flags,
            cases.Count == BatchSize ? cases[^1].Id : max.Cases,
            events.Count == BatchSize ? events[^1].Id : max.Events);
        await next.SaveAsync(db, ct);
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        var more = flags.Count == BatchSize || cases.Count == BatchSize || events.Count == BatchSize;
        return (more, new ScanResult(flags.Count + cases.Count + events.Count, run.Raised, run.Updated));
    }

    internal sealed record NewCase(long Id, string VillageCode, string CategoryCode, DateTime RegisteredAt);

    /// <summary>How far the scanner has read: the last red flag, case and timeline id it has seen.</summary>
    internal sealed record Watermarks(long Flags, long Cases, long Events)
    {
        private const string FlagsKey = "warnings.watermark.flags";
        private const string CasesKey = "warnings.watermark.cases";
        private const string EventsKey = "warnings.watermark.events";

        public bool NotAbove(Watermarks marks) => Flags <= marks.Flags && Cases <= marks.Cases && Events <= marks.Events;

        public static async Task<Watermarks> LoadAsync(ConcordDb db, CancellationToken ct)
        {
            var keys = new[] { FlagsKey, CasesKey, EventsKey };
            var values = await db.Settings.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
            long Of(string key) => values.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
            return new Watermarks(Of(FlagsKey), Of(CasesKey), Of(EventsKey));
        }

        public static async Task<Watermarks> MaximaAsync(ConcordDb db, CancellationToken ct) => new(
            await db.CaseRedFlags.IgnoreQueryFilters().MaxAsync(f => (long?)f.Id, ct) ?? 0,
            await db.Cases.IgnoreQueryFilters().MaxAsync(c => (long?)c.Id, ct) ?? 0,
            await db.CaseEvents.IgnoreQueryFilters().MaxAsync(e => (long?)e.Id, ct) ?? 0);

        public async Task SaveAsync(ConcordDb db, CancellationToken ct)
        {
            await SetAsync(db, FlagsKey, Flags, ct);
            await SetAsync(db, CasesKey, Cases, ct);
            await SetAsync(db, EventsKey, Events, ct);
        }

        private static async Task SetAsync(ConcordDb db, string key, long value, CancellationToken ct)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
            if (row is null)
            {
                db.Settings.Add(new Setting { Key = key, Value = text });
            }
            else
            {
                row.Value = text;
            }
        }
    }
}
