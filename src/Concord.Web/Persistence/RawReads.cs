using System.Collections.Concurrent;
using System.Data.Common;
using Concord.Web.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Concord.Web.Persistence;

/// <summary>
/// Plain pooled connections for the few reads on the intake hot path that are cheaper without
/// EF (docs/decisions/0006-intake-write-path.md): no context to initialise, no LINQ to
/// translate per call. Queries here must still be limited to the actor's subtree — with
/// <see cref="ScopeSql"/> and <see cref="Scope"/>, the same bounds as the
/// <see cref="ConcordDb"/> query filter — and only read.
/// </summary>
public sealed class RawReads(string connectionString, bool postgres) : IAsyncDisposable
{
    private const int IdleSqliteConnections = 32;

    private readonly NpgsqlDataSource? _postgres = postgres ? NpgsqlDataSource.Create(connectionString) : null;
    private readonly ConcurrentBag<Lease> _idle = [];

    public bool IsPostgres => _postgres is not null;

    /// <summary>
    /// A connection for one read. SQLite: an open connection kept between reads with its
    /// prepared statements (opening and preparing cost more than an indexed lookup);
    /// PostgreSQL: a pooled connection, on which Npgsql keeps prepared statements itself.
    /// </summary>
    public async ValueTask<Lease> RentAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return new Lease(this, await _postgres.OpenConnectionAsync(ct));
        }

        if (_idle.TryTake(out var idle))
        {
            return idle;
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await SqlitePragmas.ApplyOnceAsync(connection, ct);
        return new Lease(this, connection);
    }

    /// <summary>The data-scope predicate of <see cref="ConcordDb"/>'s query filter, for a raw query's region column.</summary>
    public static string ScopeSql(string regionColumn) => $"{regionColumn} >= @scope_low AND {regionColumn} < @scope_high";

    /// <summary>The parameter names <see cref="ScopeSql"/> uses, and their values for the actor, in that order.</summary>
    public static (string[] Names, object[] Values) Scope(Actor actor) => (["@scope_low", "@scope_high"], [actor.ScopeLow, actor.ScopeHigh]);

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var lease))
        {
            await lease.CloseAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private async ValueTask ReturnAsync(Lease lease)
    {
        if (_postgres is null && _idle.Count < IdleSqliteConnections)
        {
            _idle.Add(lease);
            return;
        }

        await lease.CloseAsync();
    }

    /// <summary>One rented connection; dispose to give it back.</summary>
    public sealed class Lease(RawReads owner, DbConnection connection) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

        /// <summary>A prepared command for <paramref name="sql"/> with the given parameters bound in order.</summary>
        public async ValueTask<DbCommand> CommandAsync(string sql, IReadOnlyList<string> names, IReadOnlyList<object> values, CancellationToken ct)
        {
            var fresh = !_prepared.TryGetValue(sql, out var cached);
            var cmd = cached ?? connection.CreateCommand();
            if (fresh)
            {
                cmd.CommandText = sql;
                foreach (var name in names)
                {
                    var p = cmd.CreateParameter();
                    p.ParameterName = name;
                    cmd.Parameters.Add(p);
                }

                if (!owner.IsPostgres)
                {
                    _prepared[sql] = cmd;
                }
            }

            for (var i = 0; i < values.Count; i++)
            {
                cmd.Parameters[i].Value = values[i];
            }

            if (fresh)
            {
                // Npgsql keeps the statement prepared on the pooled connection: planned once, not per read.
                await cmd.PrepareAsync(ct);
            }

            return cmd;
        }

        public ValueTask DisposeAsync() => owner.ReturnAsync(this);

        internal async ValueTask CloseAsync()
        {
            foreach (var cmd in _prepared.Values)
            {
                await cmd.DisposeAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
