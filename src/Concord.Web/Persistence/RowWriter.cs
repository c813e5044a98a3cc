using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Concord.Web.Persistence;

/// <summary>
/// Writes new entities as plain INSERTs inside the open write transaction, without EF change
/// tracking: the group-commit writer's fast path (docs/decisions/0006-intake-write-path.md).
/// Tables, columns, value converters (enums as names, UTC dates) and parameter types come
/// from the EF model, so a property added to an entity is written here as well, in the same
/// stored form as <c>SaveChanges</c> would write it. Rows are written table by table in the
/// order the tables were first used, so add parents before children.
/// <para>
/// Like the database's write check in <see cref="ConcordDb.SaveChangesAsync(bool, CancellationToken)"/>,
/// every <see cref="IRegionScoped"/> row must lie in the current actor's scope.
/// SQLite: one single-row INSERT per table, prepared once per writer connection
/// (<see cref="PreparedCommands"/>) and executed per row (SQLite is in-process, so a row costs a
/// bind and a step). PostgreSQL: multi-row INSERTs, one round trip per table and chunk.
/// </para>
/// </summary>
public sealed class RowWriter(ConcordDb db, PreparedCommands prepared)
{
    private const int PostgresParameterLimit = 30_000;
    private static readonly ConcurrentDictionary<(IModel, Type), TableShape> s_shapes = new();

    private readonly List<Table> _tables = [];

    /// <summary>The writer's prepared statements (SQLite), for other raw statements of the batch.</summary>
    public PreparedCommands Prepared => prepared;

    /// <summary>Queues an entity; its key must already be set unless the database generates it.</summary>
    public void Add<T>(T entity)
        where T : class
    {
        if (entity is IRegionScoped scoped && !db.Actor.Sees(scoped.RegionCode))
        {
            throw new OutOfScopeException();
        }

        db.CountNewRow(entity);
        AddUnscoped(entity);
    }

    /// <summary>For rows whose place is not the actor's to choose (audit entries carry the writer's own scope).</summary>
    internal object? AddUnscoped<T>(T entity)
        where T : class
    {
        Table? table = null;
        foreach (var t in _tables)
        {
            if (t.Shape.ClrType == typeof(T))
            {
                table = t;
                break;
            }
        }

        if (table is null)
        {
            table = new Table(s_shapes.GetOrAdd((db.Model, typeof(T)), static key => TableShape.Of(key.Item1, key.Item2)));
            _tables.Add(table);
        }

        table.Rows.Add(entity);
        return null;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Open the write transaction (BeginWriteAsync) before writing rows.");
        foreach (var table in _tables)
        {
            if (table.Rows.Count == 0)
            {
                continue;
            }

            var explicitKey = table.Shape.GeneratedKey is { } key && !key.IsDefault(table.Rows[0]);
            if (table.Shape.GeneratedKey is { } k && table.Rows.Any(r => k.IsDefault(r) == explicitKey))
            {
                throw new InvalidOperationException($"Rows of {table.Shape.Name} must all have their key set, or none.");
            }

            var columns = table.Shape.Columns.Where(c => explicitKey || c != table.Shape.GeneratedKey).ToArray();
            if (db.IsPostgres)
            {
                await InsertPostgresAsync(connection, transaction, table, columns, ct);
            }
            else
            {
                await InsertSqliteAsync(table, columns, ct);
            }

            table.Rows.Clear();
        }
    }

    private async Task InsertSqliteAsync(Table table, Column[] columns, CancellationToken ct)
    {
        var sql = table.Shape.SqliteInsert(columns);
        var names = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            names[i] = "$p" + i.ToString(CultureInfo.InvariantCulture);
        }

        var cmd = await prepared.GetAsync(db, sql, names, (c, name, i) => columns[i].Mapping.CreateParameter(c, name, null, columns[i].Nullable), ct);
        var parameters = cmd.Parameters;
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].ProviderValue(row);
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task InsertPostgresAsync(DbConnection connection, DbTransaction transaction, Table table, Column[] columns, CancellationToken ct)
    {
        var rowsPerStatement = Math.Max(1, PostgresParameterLimit / columns.Length);
        var head = $"INSERT INTO {table.Shape.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        for (var start = 0; start < table.Rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, table.Rows.Count - start);
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var sql = new StringBuilder(head, head.Length + (count * columns.Length * 8));
            var n = 0;
            for (var r = 0; r < count; r++)
            {
                var row = table.Rows[start + r];
                sql.Append(r == 0 ? "(" : ", (");
                for (var i = 0; i < columns.Length; i++)
                {
                    sql.Append(i == 0 ? "$" : ", $").Append(++n);
                    var p = columns[i].Mapping.CreateParameter(cmd, "", null, columns[i].Nullable);
                    p.Value = columns[i].ProviderValue(row);
                    cmd.Parameters.Add(p);
                }

                sql.Append(')');
            }

            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed class Table(TableShape shape)
    {
        public TableShape Shape { get; } = shape;

        public List<object> Rows { get; } = [];
    }

    private sealed record TableShape(Type ClrType, string Name, Column[] Columns, Column? GeneratedKey)
    {
        private string? _withKey;
        private string? _withoutKey;

        public string SqliteInsert(Column[] columns)
        {
            ref var cached = ref columns.Length == Columns.Length ? ref _withKey : ref _withoutKey;
            return cached ??= $"INSERT INTO \"{Name}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        }

        public static TableShape Of(IModel model, Type clrType)
        {
            var entityType = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity.");
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var key = entityType.FindPrimaryKey()!.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } generated] ? generated : null;
            Column? generatedKey = null;
            var columns = new List<Column>();
            foreach (var property in entityType.GetFlattenedProperties())
            {
                var column = new Column(property, property.GetColumnName(table)!, (RelationalTypeMapping)property.GetTypeMapping());
                columns.Add(column);
                if (property == key)
                {
                    generatedKey = column;
                }
            }

            return new TableShape(clrType, entityType.GetTableName()!, [.. columns], generatedKey);
        }
    }

    private sealed class Column(IProperty property, string name, RelationalTypeMapping mapping)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();
        private readonly object? _default = property.GetDefaultValue();
        private readonly bool _hasDefault = property.TryGetDefaultValue(out _);

        public string Name { get; } = name;

        public RelationalTypeMapping Mapping { get; } = mapping;

        public bool Nullable { get; } = property.IsNullable;

        public bool IsDefault(object entity) => _getter.HasSentinelValueUsingContainingEntity(entity);

        /// <summary>The value as stored: converted like SaveChanges does; a configured default replaces the CLR default, as when EF leaves the column out.</summary>
        public object ProviderValue(object entity)
        {
            var value = _hasDefault && _getter.HasSentinelValueUsingContainingEntity(entity) ? _default : _getter.GetClrValueUsingContainingEntity(entity);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }
}
