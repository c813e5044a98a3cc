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
/// <see cref="ScopeSql"/> and <see cref="Args"/>, the same bounds as the
/// <see cref="ConcordDb"/> query filter — and only read.
/// </summary>
public sealed class RawReads(string connectionString, bool postgres) : IAsyncDisposable
{
    private const int IdleSqliteConnections = 32;

    // Raw reads change no session state (no SET, temporary tables or locks), so a connection handed
    // back to the pool needs no reset — which would otherwise cost a round trip of four statements per
    // rent. Their statements are prepared, and each is a range on the scope bounds plus indexed
    // equalities, whose plan does not depend on the values: a generic plan, planned once per
    // connection, instead of PostgreSQL re-planning every execution (custom plans cost more than
    // running these queries; docs/decisions/0008-my-tasks-raw-reads.md).
    // The pool is the data source's own, beside EF's: at most MaxPostgresConnections, so that under
    // overload the two pools together stay within the server's max_connections (100 by default) when
    // EF's pool is sized below it — "too many clients" would turn a slow minute into failed requests.
    private readonly NpgsqlDataSource? _postgres = postgres
        ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            NoResetOnClose = true,
            Options = "-c plan_cache_mode=force_generic_plan",
            MaxPoolSize = MaxPostgresConnections,
        })
        : null;

    /// <summary>Connections of the raw-read pool on PostgreSQL: raw reads are short, a few serve many requests.</summary>
    public const int MaxPostgresConnections = 16;
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

    /// <summary>
    /// <paramref name="column"/> equals one of <paramref name="items"/>, bound as parameters: on
    /// PostgreSQL one array parameter (so the statement text — and its prepared plan — is the same
    /// for any count), on SQLite a parameter list.
    /// </summary>
    public string AnyOf<T>(string column, string name, IReadOnlyCollection<T> items, Args args)
        where T : notnull
    {
        if (items.Count == 0)
        {
            return "1 = 0";
        }

        if (IsPostgres)
        {
            return $"{column} = ANY({args.Add(name, items.ToArray())})";
        }

        var list = new List<string>(items.Count);
        var i = 0;
        foreach (var item in items)
        {
            list.Add(args.Add($"{name}{i++}", item));
        }

        return $"{column} IN ({string.Join(", ", list)})";
    }

    /// <summary>A SQL list of constants (enum names and the like, never user input) for an IN clause.</summary>
    public static string Literals<T>(IEnumerable<T> items)
        where T : struct, Enum =>
        string.Join(", ", items.Select(i => $"'{i}'")) is { Length: > 0 } list ? list : "NULL";

    /// <summary>The parameters of one raw read, starting with the actor's scope bounds (<see cref="ScopeSql"/>).</summary>
    public sealed class Args
    {
        public Args(Actor actor)
        {
            Add("@scope_low", actor.ScopeLow);
            Add("@scope_high", actor.ScopeHigh);
        }

        public List<string> Names { get; } = [];

        public List<object> Values { get; } = [];

        /// <summary>
        /// Binds <paramref name="value"/> (null as DBNull) and returns its name for the SQL text; a
        /// name bound before (statements of one batch share their parameters) must keep its value.
        /// </summary>
        public string Add(string name, object? value)
        {
            var at = Names.IndexOf(name);
            if (at >= 0)
            {
                return Equals(Values[at], value ?? DBNull.Value) ? name : throw new InvalidOperationException($"Parameter {name} is bound twice with different values.");
            }

            Names.Add(name);
            Values.Add(value ?? DBNull.Value);
            return name;
        }
    }

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

        /// <summary>A prepared command for <paramref name="sql"/> with <paramref name="args"/> bound.</summary>
        public ValueTask<DbCommand> CommandAsync(string sql, Args args, CancellationToken ct) => CommandAsync(sql, args.Names, args.Values, ct);

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
