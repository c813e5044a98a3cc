using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Concord.Web.Persistence;

/// <summary>
/// SQLite statements the group-commit writer runs for every batch, prepared once on the
/// writer's own connection (kept open for the writer's life) and reused: preparing costs more
/// than running them for a batch of a few cases. PostgreSQL commands are created per use
/// (one round trip each either way). Dropped with the connection after any failure.
/// </summary>
public sealed class PreparedCommands : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>
    /// A command for <paramref name="sql"/> in the open transaction, parameters named as given
    /// (values to be set by the caller). <paramref name="create"/> makes each parameter.
    /// </summary>
    public async ValueTask<DbCommand> GetAsync(ConcordDb db, string sql, IReadOnlyList<string> parameters,
        Func<DbCommand, string, int, DbParameter>? create, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (!db.IsPostgres && _commands.TryGetValue(sql, out var cached) && cached.Connection == connection)
        {
            cached.Transaction = transaction;
            return cached;
        }

        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            DbParameter p;
            if (create is null)
            {
                p = cmd.CreateParameter();
                p.ParameterName = parameters[i];
            }
            else
            {
                p = create(cmd, parameters[i], i);
            }

            cmd.Parameters.Add(p);
        }

        if (!db.IsPostgres)
        {
            await cmd.PrepareAsync(ct);
            _commands[sql] = cmd;
        }

        return cmd;
    }

    /// <summary>Commands that are not cached (PostgreSQL) are the caller's to dispose.</summary>
    public bool IsCached(DbCommand cmd) => _commands.TryGetValue(cmd.CommandText, out var c) && ReferenceEquals(c, cmd);

    /// <summary>
    /// Releases every command, each even if another fails. A release that fails is tried once
    /// more (Microsoft.Data.Sqlite's command release has been seen, rarely, to fail with "Collection
    /// was modified" at shutdown); one that fails twice is reported after the rest are released.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var commands = _commands.Values.ToArray();
        _commands.Clear();
        List<Exception>? failures = null;
        foreach (var cmd in commands)
        {
            try
            {
                await cmd.DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                try
                {
                    await cmd.DisposeAsync();
                }
                catch (Exception again)
                {
                    (failures ??= []).Add(again);
                }
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Prepared statements could not be released", failures);
        }
    }
}
