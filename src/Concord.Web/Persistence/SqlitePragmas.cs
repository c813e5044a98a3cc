using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Concord.Web.Persistence;

/// <summary>
/// WAL and NORMAL sync (durable at commit with WAL), as the ceilings in stack.md were measured.
/// The pragmas are set once per physical connection: pooled connections are "opened" for every
/// query, and repeating them there was measurable on the intake path.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    private static readonly ConditionalWeakTable<object, object> s_prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstTime(connection))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            cmd.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstTime(connection))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>For connections opened outside EF (<see cref="RawReads"/>).</summary>
    public static async Task ApplyOnceAsync(DbConnection connection, CancellationToken ct)
    {
        if (FirstTime(connection))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The native handle identifies the physical connection behind a pooled one.</summary>
    private static bool FirstTime(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || s_prepared.TryAdd(handle, handle);
}
