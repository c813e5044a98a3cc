using System.Data.Common;
using Concord.Web.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Concord.Web.Persistence;

/// <summary>
/// Plain pooled connections for the few reads on the intake hot path that are cheaper without
/// EF (docs/decisions/0006-intake-write-path.md): no context to initialise, no LINQ to
/// translate per call. Queries here must still be limited to the actor's subtree — with
/// <see cref="ScopeSql"/> and <see cref="AddScope"/>, the same bounds as the
/// <see cref="ConcordDb"/> query filter — and only read.
/// </summary>
public sealed class RawReads(string connectionString, bool postgres) : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres = postgres ? NpgsqlDataSource.Create(connectionString) : null;

    public bool IsPostgres => _postgres is not null;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await SqlitePragmas.ApplyOnceAsync(connection, ct);
        return connection;
    }

    /// <summary>The data-scope predicate of <see cref="ConcordDb"/>'s query filter, for a raw query's region column.</summary>
    public static string ScopeSql(string regionColumn) => $"{regionColumn} >= @scope_low AND {regionColumn} < @scope_high";

    /// <summary>Binds the actor's scope bounds used by <see cref="ScopeSql"/>.</summary>
    public static void AddScope(DbCommand cmd, Actor actor)
    {
        Add(cmd, "@scope_low", actor.ScopeLow);
        Add(cmd, "@scope_high", actor.ScopeHigh);
    }

    public static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
