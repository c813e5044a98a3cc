using System.Data.Common;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Persistence;

/// <summary>
/// What a database's schema is, as sorted lines (tables, columns with type and nullability,
/// keys, indexes, foreign keys), read from the catalogue of SQLite or PostgreSQL. Tables the
/// EF model does not own are left out: the migrator's own table and the raw-SQL search table.
/// </summary>
public static class SchemaSnapshot
{
    private static bool Ignored(string table) =>
        table is "schema_migrations" or "case_search" || table.StartsWith("case_search_", StringComparison.Ordinal);

    public static async Task<List<string>> ReadAsync(ConcordDb db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = db.IsPostgres ? await ReadPostgresAsync(connection) : await ReadSqliteAsync(connection);
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await RowsAsync(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables.Select(t => (Name: (string)t[0]!, Sql: (string)t[1]!)).Where(t => !Ignored(t.Name)))
        {
            var autoincrement = table.Sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : "";
            lines.Add($"table {table.Name}{autoincrement}");
            var columns = await RowsAsync(connection, $"SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('{table.Name}')");
            foreach (var c in columns)
            {
                lines.Add($"column {table.Name}.{c[0]} {c[1]} {((long)c[2]! == 1 ? "not null" : "null")} default={c[4] ?? "none"}");
            }

            var pk = columns.Where(c => (long)c[3]! > 0).OrderBy(c => (long)c[3]!).Select(c => (string)c[0]!);
            lines.Add($"primary key {table.Name} ({string.Join(", ", pk)})");

            foreach (var index in await RowsAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table.Name}')"))
            {
                var indexColumns = await RowsAsync(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno");
                lines.Add($"index {table.Name}.{index[0]} {((long)index[1]! == 1 ? "unique" : "non-unique")} origin={index[2]} partial={index[3]} ({string.Join(", ", indexColumns.Select(r => r[0]))})");
            }

            var fks = await RowsAsync(connection, $"SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table.Name}') ORDER BY id, seq");
            foreach (var fk in fks.GroupBy(r => (long)r[0]!))
            {
                var first = fk.First();
                lines.Add($"foreign key {table.Name} ({string.Join(", ", fk.Select(r => r[2]))}) -> {first[1]} ({string.Join(", ", fk.Select(r => r[3]))}) on update {first[4]} on delete {first[5]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var t in await RowsAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"))
        {
            if (!Ignored((string)t[0]!))
            {
                lines.Add($"table {t[0]}");
            }
        }

        const string columns = """
            SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, is_nullable,
                   collation_name, is_identity, identity_generation, column_default
            FROM information_schema.columns WHERE table_schema = 'public'
            """;
        foreach (var c in await RowsAsync(connection, columns))
        {
            if (!Ignored((string)c[0]!))
            {
                lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}/{c[4]}) nullable={c[5]} collation={c[6]} identity={c[7]}/{c[8]} default={c[9] ?? "none"}");
            }
        }

        const string constraints = """
            SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
            WHERE con.connamespace = 'public'::regnamespace
            """;
        foreach (var c in await RowsAsync(connection, constraints))
        {
            if (!Ignored((string)c[0]!))
            {
                lines.Add($"constraint {c[0]}.{c[1]} {c[2]} {c[3]}");
            }
        }

        foreach (var i in await RowsAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        {
            if (!Ignored((string)i[0]!))
            {
                lines.Add($"index {i[0]}.{i[1]} {i[2]}");
            }
        }

        return lines;
    }

    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
