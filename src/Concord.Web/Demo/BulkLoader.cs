using System.Data.Common;
using System.Text;
using Concord.Web.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Concord.Web.Demo;

/// <summary>A table as the bulk loader writes it: snake_case columns with their PostgreSQL types (COPY BINARY needs them).</summary>
public sealed record BulkTable(string Name, params (string Column, NpgsqlDbType Type)[] Columns)
{
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Column));
}

/// <summary>
/// Writes generated rows without EF change tracking, inside the write transaction the caller
/// opened with <see cref="ConcordDb.BeginWriteAsync"/> (so the audit entry commits with them).
/// SQLite: prepared multi-row INSERTs (about <see cref="ParametersPerStatement"/> values each,
/// prepared once per table and reused). PostgreSQL: binary COPY — one COPY per table per call, because a connection runs
/// one COPY at a time.
/// <para>Values must already be in their stored form: enums as names, DateTime in UTC.</para>
/// </summary>
public sealed class BulkLoader
{
    // SQLite looks bound parameters up by name with a linear scan, so a statement with
    // thousands of parameters costs quadratic time: keep statements to about this many.
    private const int ParametersPerStatement = 120;

    private readonly ConcordDb _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    public BulkLoader(ConcordDb db)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Open the write transaction (BeginWriteAsync) before bulk loading.");
    }

    public bool IsPostgres => _db.IsPostgres;

    public async Task WriteAsync(BulkTable table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (_db.IsPostgres)
        {
            await CopyAsync(table, rows, ct);
        }
        else
        {
            InsertSqlite(table, rows);
        }
    }

    /// <summary>The largest id of a table, for assigning ids to generated rows before they are written.</summary>
    public async Task<long> MaxIdAsync(string table, string idColumn, CancellationToken ct)
    {
        await using var cmd = Command($"SELECT COALESCE(MAX({idColumn}), 0) FROM {table}");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>PostgreSQL identity columns do not see explicit ids: move them past the largest id (SQLite's AUTOINCREMENT does this itself).</summary>
    public async Task SyncIdentityAsync(string table, CancellationToken ct)
    {
        if (_db.IsPostgres)
        {
            await ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))", ct);
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        cmd.CommandTimeout = 3600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = _transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    private async Task CopyAsync(BulkTable table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)_connection;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < table.Columns.Length; i++)
            {
                if (row[i] is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(row[i], table.Columns[i].Type);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private void InsertSqlite(BulkTable table, IReadOnlyList<object?[]> rows)
    {
        var rowsPerStatement = Math.Max(1, ParametersPerStatement / table.Columns.Length);
        var full = rows.Count / rowsPerStatement * rowsPerStatement;
        if (full > 0)
        {
            if (!_prepared.TryGetValue(table.Name, out var cmd))
            {
                cmd = SqliteInsert(table, rowsPerStatement);
                cmd.Prepare();
                _prepared[table.Name] = cmd;
            }

            for (var start = 0; start < full; start += rowsPerStatement)
            {
                Bind(cmd, table, rows, start, rowsPerStatement);
                cmd.ExecuteNonQuery();
            }
        }

        if (full < rows.Count)
        {
            using var rest = SqliteInsert(table, rows.Count - full);
            Bind(rest, table, rows, full, rows.Count - full);
            rest.ExecuteNonQuery();
        }
    }

    private SqliteCommand SqliteInsert(BulkTable table, int rowCount)
    {
        var cmd = (SqliteCommand)Command("");
        var sql = new StringBuilder($"INSERT INTO {table.Name} ({table.ColumnList}) VALUES ");
        var width = table.Columns.Length;
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < width; c++)
            {
                var name = "$p" + (r * width + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "" : ",").Append(name);
                cmd.Parameters.Add(new SqliteParameter(name, null));
            }

            sql.Append(')');
        }

        cmd.CommandText = sql.ToString();
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, BulkTable table, IReadOnlyList<object?[]> rows, int start, int count)
    {
        var width = table.Columns.Length;
        for (var r = 0; r < count; r++)
        {
            var row = rows[start + r];
            for (var c = 0; c < width; c++)
            {
                cmd.Parameters[r * width + c].Value = row[c] ?? DBNull.Value;
            }
        }
    }
}

/// <summary>The tables the generators fill, as <see cref="BulkLoader"/> writes them.</summary>
public static class BulkTables
{
    public static readonly BulkTable Households = new("households",
        ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar),
        ("address_cipher", NpgsqlDbType.Bytea), ("address_digest", NpgsqlDbType.Varchar), ("address_masked", NpgsqlDbType.Varchar), ("address_tokens", NpgsqlDbType.Varchar));

    public static readonly BulkTable Residents = new("residents",
        ("id", NpgsqlDbType.Bigint), ("household_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar),
        ("name", NpgsqlDbType.Varchar), ("male", NpgsqlDbType.Boolean), ("birth_year", NpgsqlDbType.Integer),
        ("id_number_cipher", NpgsqlDbType.Bytea), ("id_number_digest", NpgsqlDbType.Varchar), ("id_number_masked", NpgsqlDbType.Varchar),
        ("phone_cipher", NpgsqlDbType.Bytea), ("phone_digest", NpgsqlDbType.Varchar), ("phone_masked", NpgsqlDbType.Varchar),
        ("id_tail_digest", NpgsqlDbType.Varchar), ("relation", NpgsqlDbType.Varchar));

    public static readonly BulkTable Cases = new("cases",
        ("id", NpgsqlDbType.Bigint), ("code", NpgsqlDbType.Varchar), ("region_code", NpgsqlDbType.Varchar),
        ("village_code", NpgsqlDbType.Varchar), ("grid_code", NpgsqlDbType.Varchar), ("channel", NpgsqlDbType.Varchar),
        ("category_code", NpgsqlDbType.Varchar), ("summary", NpgsqlDbType.Varchar), ("narrative", NpgsqlDbType.Varchar),
        ("amount_fen", NpgsqlDbType.Bigint), ("people_involved", NpgsqlDbType.Integer), ("status", NpgsqlDbType.Varchar),
        ("risk_level", NpgsqlDbType.Varchar), ("urgent", NpgsqlDbType.Boolean), ("receiving_org_unit_id", NpgsqlDbType.Bigint),
        ("registered_by_user_id", NpgsqlDbType.Bigint), ("registered_at", NpgsqlDbType.TimestampTz), ("updated_at", NpgsqlDbType.TimestampTz),
        ("concluded_at", NpgsqlDbType.TimestampTz), ("outcome", NpgsqlDbType.Varchar), ("concluded_on_time", NpgsqlDbType.Boolean),
        ("rating", NpgsqlDbType.Varchar), ("group_dispute", NpgsqlDbType.Boolean));

    public static readonly BulkTable CaseParties = new("case_parties",
        ("id", NpgsqlDbType.Bigint), ("case_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar),
        ("role", NpgsqlDbType.Varchar), ("kind", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar),
        ("id_number_cipher", NpgsqlDbType.Bytea), ("id_number_digest", NpgsqlDbType.Varchar), ("id_number_masked", NpgsqlDbType.Varchar),
        ("phone_cipher", NpgsqlDbType.Bytea), ("phone_digest", NpgsqlDbType.Varchar), ("phone_masked", NpgsqlDbType.Varchar));

    public static readonly BulkTable CaseEvents = new("case_events",
        ("id", NpgsqlDbType.Bigint), ("case_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar),
        ("at", NpgsqlDbType.TimestampTz), ("kind", NpgsqlDbType.Varchar), ("text", NpgsqlDbType.Varchar),
        ("actor_name", NpgsqlDbType.Varchar), ("actor_org_name", NpgsqlDbType.Varchar));

    /// <summary>
    /// SQLite: the FTS5 table keyed by rowid = case id, the document as space-separated tokens
    /// (what <c>CaseSearch.IndexAsync</c> writes). PostgreSQL: a staging table of token arrays,
    /// turned into tsvectors with <c>array_to_tsvector</c> as <c>CaseSearch.IndexAsync</c> does
    /// (Npgsql has no supported client-side tsvector constructor).
    /// </summary>
    public static BulkTable CaseSearch(bool postgres) => postgres
        ? new("case_search_load", ("case_id", NpgsqlDbType.Bigint), ("tokens", NpgsqlDbType.Array | NpgsqlDbType.Text))
        : new("case_search", ("rowid", NpgsqlDbType.Bigint), ("doc", NpgsqlDbType.Text));

    public static object SearchDocument(bool postgres, IReadOnlyList<string> tokens) => postgres
        ? tokens as string[] ?? [.. tokens]
        : string.Join(' ', tokens);

    public const string CreateSearchStaging = "CREATE TEMP TABLE IF NOT EXISTS case_search_load (case_id bigint NOT NULL, tokens text[] NOT NULL) ON COMMIT DROP";

    public const string MoveSearchStaging = "INSERT INTO case_search (case_id, doc) SELECT case_id, array_to_tsvector(tokens) FROM case_search_load; TRUNCATE case_search_load";
}
