using System.Data.Common;
using System.Globalization;
using System.Text;
using Concord.Domain.Dashboard;
using Concord.Web.Cases;
using Concord.Web.Deadlines;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Concord.Web.Dashboard;

/// <summary>
/// Writes roll-up changes (<see cref="RollupDelta"/>) as atomic increments — one multi-row
/// <c>INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x</c> per chunk, the same SQL on SQLite
/// and PostgreSQL — inside the caller's write transaction; and recounts everything from the
/// cases and deadlines themselves, to rebuild or to verify.
/// </summary>
public static class RollupStore
{
    // SQLite finds bound parameters by name with a linear scan: keep its statements to ~120
    // parameters (5 rows of 23); PostgreSQL takes bigger statements for fewer round trips.
    private const int SqliteChunkRows = 5;
    private const int PostgresChunkRows = 64;

    private static readonly string[] s_counterColumns =
        [.. Enum.GetValues<Figure>().Select(f => ModelConventions.Snake(f.ToString()))];

    /// <summary>Applies the delta inside the open transaction of <paramref name="db"/>.</summary>
    public static async Task WriteAsync(ConcordDb db, RollupDelta delta, CancellationToken ct)
    {
        var rows = delta.Rows.ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Roll-ups are written inside the write transaction.");
        var chunkRows = db.IsPostgres ? PostgresChunkRows : SqliteChunkRows;
        for (var start = 0; start < rows.Count; start += chunkRows)
        {
            var chunk = rows.GetRange(start, Math.Min(chunkRows, rows.Count - start));
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = UpsertSql(chunk.Count);
            var n = 0;
            foreach (var (key, counters) in chunk)
            {
                Add(cmd, n++, key.RegionCode);
                Add(cmd, n++, key.Period);
                Add(cmd, n++, key.Dim);
                Add(cmd, n++, Domain.Regions.RegionCode.ParentOf(key.RegionCode) ?? "");
                foreach (var value in counters)
                {
                    Add(cmd, n++, value);
                }
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Add(DbCommand cmd, int index, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@p" + index.ToString(CultureInfo.InvariantCulture);
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static readonly Dictionary<int, string> s_sql = [];

    private static string UpsertSql(int rowCount)
    {
        lock (s_sql)
        {
            if (s_sql.TryGetValue(rowCount, out var cached))
            {
                return cached;
            }
        }

        var columns = new[] { "region_code", "period", "dim", "parent_code" }.Concat(s_counterColumns).ToArray();
        var sql = new StringBuilder("INSERT INTO case_rollups (");
        sql.AppendJoin(", ", columns).Append(") VALUES ");
        var n = 0;
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? "@p" : ", @p").Append(n++);
            }

            sql.Append(')');
        }

        sql.Append(" ON CONFLICT (region_code, period, dim) DO UPDATE SET ");
        sql.AppendJoin(", ", s_counterColumns.Select(c => $"{c} = case_rollups.{c} + excluded.{c}"));
        var text = sql.ToString();
        lock (s_sql)
        {
            s_sql[rowCount] = text;
        }

        return text;
    }

    /// <summary>
    /// Applies a large delta (a bulk load) through a staging table: bulk-loaded (COPY on
    /// PostgreSQL), then added to the roll-ups in one <c>INSERT … SELECT … ON CONFLICT</c>.
    /// </summary>
    public static async Task WriteBulkAsync(ConcordDb db, Demo.BulkLoader loader, RollupDelta delta, CancellationToken ct)
    {
        await loader.ExecuteAsync("CREATE TEMP TABLE rollup_staging AS SELECT * FROM case_rollups WHERE false", ct);
        var table = new Demo.BulkTable("rollup_staging",
            [("region_code", NpgsqlTypes.NpgsqlDbType.Varchar), ("period", NpgsqlTypes.NpgsqlDbType.Integer), ("dim", NpgsqlTypes.NpgsqlDbType.Varchar),
             ("parent_code", NpgsqlTypes.NpgsqlDbType.Varchar), .. s_counterColumns.Select(c => (c, NpgsqlTypes.NpgsqlDbType.Bigint))]);
        var batch = new List<object?[]>(50_000);
        foreach (var (key, counters) in delta.Rows)
        {
            batch.Add([key.RegionCode, key.Period, key.Dim, Domain.Regions.RegionCode.ParentOf(key.RegionCode) ?? "", .. counters.Cast<object?>()]);
            if (batch.Count == batch.Capacity)
            {
                await loader.WriteAsync(table, batch, ct);
                batch.Clear();
            }
        }

        await loader.WriteAsync(table, batch, ct);
        var columns = string.Join(", ", table.Columns.Select(c => c.Column));
        await loader.ExecuteAsync($"INSERT INTO case_rollups ({columns}) SELECT {columns} FROM rollup_staging WHERE true " +
            "ON CONFLICT (region_code, period, dim) DO UPDATE SET " + string.Join(", ", s_counterColumns.Select(c => $"{c} = case_rollups.{c} + excluded.{c}")), ct);
        await loader.ExecuteAsync("DROP TABLE rollup_staging", ct);
    }

    /// <summary>
    /// The roll-ups as a full recount would make them, from every case and deadline (all scopes).
    /// Streams the rows: memory grows with the number of roll-up rows, not of cases.
    /// </summary>
    public static async Task<Dictionary<RollupKey, long[]>> RecountAsync(ConcordDb db, CancellationToken ct)
    {
        var delta = new RollupDelta();
        await foreach (var c in db.Cases.IgnoreQueryFilters().AsNoTracking()
            .Select(c => new Case
            {
                Code = "",
                Summary = "",
                Narrative = "",
                RegionCode = c.RegionCode,
                VillageCode = c.VillageCode,
                CategoryCode = c.CategoryCode,
                Channel = c.Channel,
                RiskLevel = c.RiskLevel,
                RegisteredAt = c.RegisteredAt,
                Status = c.Status,
                ConcludedAt = c.ConcludedAt,
                Outcome = c.Outcome,
                ConcludedOnTime = c.ConcludedOnTime,
                Rating = c.Rating,
                Urgent = c.Urgent,
                RepeatDispute = c.RepeatDispute,
                GroupDispute = c.GroupDispute,
            }).AsAsyncEnumerable().WithCancellation(ct))
        {
            delta.Add(null, c.Figures());
        }

        await foreach (var d in db.CaseDeadlines.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Step == Domain.Deadlines.DeadlineStep.Warned || d.Step == Domain.Deadlines.DeadlineStep.Escalated || d.Escalations > 0) // steps are stored by name: no >= in SQL
            .Select(d => new CaseDeadline { RegionCode = d.RegionCode, DueAt = d.DueAt, Step = d.Step, Escalations = d.Escalations })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            delta.Add(null, d.Figures());
        }

        return delta.Rows.ToDictionary(r => r.Key, r => r.Value);
    }

    /// <summary>The stored roll-ups (all scopes), zero rows left out.</summary>
    public static async Task<Dictionary<RollupKey, long[]>> StoredAsync(ConcordDb db, CancellationToken ct)
    {
        var stored = new Dictionary<RollupKey, long[]>();
        await foreach (var r in db.CaseRollups.IgnoreQueryFilters().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            var counters = Enum.GetValues<Figure>().Select(f => r[f]).ToArray();
            if (counters.Any(v => v != 0))
            {
                stored[new RollupKey(r.RegionCode, r.Period, r.Dim)] = counters;
            }
        }

        return stored;
    }

    /// <summary>Differences between the stored roll-ups and a full recount, as readable lines (empty = equal).</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(ConcordDb db, CancellationToken ct)
    {
        var recount = await RecountAsync(db, ct);
        var stored = await StoredAsync(db, ct);
        var differences = new List<string>();
        foreach (var key in recount.Keys.Union(stored.Keys))
        {
            var expected = recount.GetValueOrDefault(key) ?? new long[Rollups.FigureCount];
            var actual = stored.GetValueOrDefault(key) ?? new long[Rollups.FigureCount];
            foreach (var figure in Enum.GetValues<Figure>())
            {
                if (expected[(int)figure] != actual[(int)figure])
                {
                    differences.Add($"{key.RegionCode} {key.Period} '{key.Dim}' {figure}: stored {actual[(int)figure]}, recount {expected[(int)figure]}");
                }
            }
        }

        return differences;
    }

    /// <summary>Replaces the stored roll-ups with a full recount (after a bulk load, or to repair); inside the caller's write transaction.</summary>
    public static async Task RebuildAsync(ConcordDb db, CancellationToken ct)
    {
        var recount = await RecountAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM case_rollups", ct);
        var delta = new RollupDelta();
        delta.AddRows(recount);
        await WriteAsync(db, delta, ct);
    }
}

/// <summary>Start-up and command-line entry points for the roll-ups.</summary>
public static class RollupMaintenance
{
    /// <summary>Marks a database whose roll-ups have been built (by this step or from the first case on).</summary>
    public const string BuiltSetting = "dashboard.rollups";

    /// <summary>
    /// Builds the roll-ups once from existing cases (a database from before script 0015); from
    /// then on every case change maintains them in its own transaction. On a fresh database
    /// there is nothing to count and the step only leaves its mark.
    /// </summary>
    public static async Task EnsureBuiltAsync(ConcordDb db, ILogger log, CancellationToken ct)
    {
        if (await db.Settings.AnyAsync(s => s.Key == BuiltSetting, ct))
        {
            return;
        }

        await using var write = await db.BeginWriteAsync(ct);
        if (!await db.Settings.AnyAsync(s => s.Key == BuiltSetting, ct))
        {
            var started = db.Clock.GetTimestamp();
            await RollupStore.RebuildAsync(db, ct);
            db.Settings.Add(new Shared.Setting { Key = BuiltSetting, Value = db.Clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture) });
            db.Audit("dashboard.rollups_built", "CaseRollup", "*", new { reason = "first start with dashboard roll-ups" });
            await db.SaveChangesAsync(ct);
            log.LogInformation("Dashboard roll-ups built from existing cases in {Elapsed}", db.Clock.GetElapsedTime(started));
        }

        await write.CommitAsync(ct);
    }

    public static bool VerifyRequested(string[] args) => args.Contains("--verify-rollups");

    /// <summary><c>--verify-rollups</c>: compares the stored roll-ups with a full recount; exit code 1 and the differences when they differ.</summary>
    public static async Task<int> VerifyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConcordDb>().ActAs(Shared.Actor.System());
        var started = db.Clock.GetTimestamp();
        var differences = await RollupStore.VerifyAsync(db, ct);
        foreach (var line in differences.Take(50))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine(differences.Count == 0
            ? $"Roll-ups equal a full recount ({db.Clock.GetElapsedTime(started).TotalSeconds:F1} s)."
            : $"{differences.Count} differences between the roll-ups and a full recount.");
        return differences.Count == 0 ? 0 : 1;
    }
}
