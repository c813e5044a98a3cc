using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Persistence;

/// <summary>
/// Applies the numbered SQL scripts of the current provider (embedded from
/// Persistence/Migrations/{Sqlite,Postgres}/NNNN_name.sql) in order, each once, recording each
/// in <c>schema_migrations</c> in the same transaction as the script. Scripts only move forward:
/// an applied script whose text has changed stops the start-up instead of being re-run.
/// </summary>
public sealed class SchemaMigrator(ILogger<SchemaMigrator> log)
{
    private const long MigrationLockKey = 0x4D696772617465; // "Migrate"

    public sealed record Script(int Version, string Name, string Sql)
    {
        public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    public static IReadOnlyList<Script> ScriptsFor(bool postgres)
    {
        var folder = postgres ? ".Postgres." : ".Sqlite.";
        var assembly = typeof(SchemaMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations" + folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(s => s.Version)];
    }

    private static Script Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var file = resource.Split('.')[^2]; // …Migrations.Sqlite.0001_initial.sql
        var version = int.Parse(file[..4], CultureInfo.InvariantCulture);
        return new Script(version, file, reader.ReadToEnd());
    }

    public Task<int> MigrateAsync(ConcordDb db, CancellationToken ct = default) => MigrateAsync(db, int.MaxValue, ct);

    /// <summary>Applies the scripts up to and including <paramref name="upToVersion"/> (tests build an older schema with it).</summary>
    public async Task<int> MigrateAsync(ConcordDb db, int upToVersion, CancellationToken ct = default)
    {
        var postgres = db.IsPostgres;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (postgres)
            {
                await Execute(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            }

            await Execute(connection, null, postgres
                ? "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)", ct);
            var applied = await Applied(connection, ct);
            var count = 0;
            foreach (var script in ScriptsFor(postgres).Where(s => s.Version <= upToVersion))
            {
                if (applied.TryGetValue(script.Version, out var checksum))
                {
                    if (checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Schema script {script.Name} was changed after it was applied. Scripts only move forward: add a new script instead.");
                    }

                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await Execute(connection, tx, script.Sql, ct);
                await Execute(connection, tx, $"INSERT INTO schema_migrations (version, name, checksum) VALUES ({script.Version}, '{script.Name}', '{script.Checksum}')", ct);
                await tx.CommitAsync(ct);
                log.LogInformation("Applied schema script {Script}", script.Name);
                count++;
            }

            if (postgres)
            {
                await Execute(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", ct);
            }

            return count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<Dictionary<int, string>> Applied(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT version, checksum FROM schema_migrations";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new Dictionary<int, string>();
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetInt32(0)] = reader.GetString(1);
        }

        return result;
    }

    private static async Task Execute(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
