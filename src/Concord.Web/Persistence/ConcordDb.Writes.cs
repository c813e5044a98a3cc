using System.Globalization;
using System.Text.Json;
using Concord.Web.Audit;
using Concord.Web.Cases;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace Concord.Web.Persistence;

public sealed partial class ConcordDb
{
    // One writer at a time per process; on PostgreSQL an advisory lock extends that across
    // instances. The audit chain needs a total order, and SQLite has one writer anyway.
    private static readonly SemaphoreSlim s_writeGate = new(1, 1);
    private const long ChainLockKey = 0x436F6E636F7264; // "Concord"

    private readonly List<AuditEntryDraft> _auditDrafts = [];

    // Roll-up changes of the open write transaction: counted from tracked changes before each
    // save and from plain rows as they are staged, written before the transaction commits.
    private readonly Domain.Dashboard.RollupDelta _rollups = new();
    private WriteTransaction? _write;

    // Villages whose roll-ups the open write transaction changed (published after commit, see Dashboard/WatchDashboard).
    private readonly HashSet<string> _changedVillages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _urgentVillages = new(StringComparer.Ordinal);

    /// <summary>Records what a use case did, in words an auditor reads; values must already be masked.</summary>
    public void Audit(string action, string entityType, string entityId, object changes) =>
        _auditDrafts.Add(new AuditEntryDraft(Actor, action, entityType, entityId, JsonSerializer.Serialize(changes, AuditJson.Options)));

    /// <summary>
    /// Records what a use case did to a row it is adding: the row's id exists only after the
    /// insert, so the entry reads it when it is sealed (in the same save).
    /// </summary>
    public void AuditNew(string action, object entity, object changes) =>
        _auditDrafts.Add(new AuditEntryDraft(Actor, action, entity.GetType().Name, "", JsonSerializer.Serialize(changes, AuditJson.Options)) { Entity = entity });

    /// <summary>As <see cref="Audit"/>, with the changes already serialised (masked) — e.g. on the request thread, off the single writer.</summary>
    public void AuditSerialized(string action, string entityType, string entityId, string changesJson) =>
        _auditDrafts.Add(new AuditEntryDraft(Actor, action, entityType, entityId, changesJson));

    /// <summary>
    /// Reserves <paramref name="count"/> keys of <typeparamref name="T"/>'s identity for rows
    /// written by <see cref="RowWriter"/>, all above <paramref name="after"/>. Inside the write
    /// transaction only: SQLite continues from the table's AUTOINCREMENT high-water mark (the
    /// explicit keys move it on), PostgreSQL draws from the identity sequence.
    /// </summary>
    public async Task<IReadOnlyList<long>> ReserveIdsAsync<T>(int count, long after, PreparedCommands prepared, CancellationToken ct)
        where T : class
    {
        if (_write is null)
        {
            throw new InvalidOperationException("Keys are reserved inside the write transaction.");
        }

        var entityType = Model.FindEntityType(typeof(T))!;
        var table = entityType.GetTableName()!;
        var key = entityType.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var ids = new List<long>(count);
        if (IsPostgres)
        {
            await using var cmd = await prepared.GetAsync(this,
                $"SELECT nextval(pg_get_serial_sequence('{table}', '{key}')) FROM generate_series(1, {count.ToString(CultureInfo.InvariantCulture)})", [], null, ct);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        }

        var top = await prepared.GetAsync(this,
            $"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), COALESCE((SELECT MAX(\"{key}\") FROM \"{table}\"), 0))", [], null, ct);
        var start = Math.Max(after, Convert.ToInt64(await top.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
        for (var i = 1; i <= count; i++)
        {
            ids.Add(start + i);
        }

        return ids;
    }

    /// <summary>Begins the write transaction: waits for the write gate, then holds it until disposed.</summary>
    public async Task<WriteTransaction> BeginWriteAsync(CancellationToken ct = default)
    {
        if (_write is not null)
        {
            throw new InvalidOperationException("A write transaction is already open on this context.");
        }

        await s_writeGate.WaitAsync(ct);
        try
        {
            var tx = await Database.BeginTransactionAsync(ct);
            if (IsPostgres)
            {
                await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
            }

            _rollups.Clear();
            _changedVillages.Clear();
            _urgentVillages.Clear();
            return _write = new WriteTransaction(this, tx);
        }
        catch
        {
            s_writeGate.Release();
            throw;
        }
    }

    /// <summary>Checks the tracked changes against the current actor's scope; the batch writer calls it after each job.</summary>
    public void CheckScopeOfChanges()
    {
        foreach (var entry in ChangeTracker.Entries<IRegionScoped>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !_scopeChecked.Contains(entry.Entity))
            {
                // A region's RegionCode is its key (Code), not a mapped column of its own: it cannot change.
                var original = entry.State == EntityState.Added || entry.Metadata.FindProperty(nameof(IRegionScoped.RegionCode)) is null
                    ? null
                    : entry.OriginalValues[nameof(IRegionScoped.RegionCode)] as string;
                if (!Actor.Sees(entry.Entity.RegionCode) || (original is not null && !Actor.Sees(original)))
                {
                    throw new OutOfScopeException();
                }

                _scopeChecked.Add(entry.Entity);
            }
        }
    }

    private readonly HashSet<object> _scopeChecked = new(ReferenceEqualityComparer.Instance);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: writes take the write gate asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        CheckScopeOfChanges();
        if (!ChangeTracker.HasChanges() && _auditDrafts.Count == 0)
        {
            return 0;
        }

        var ownTransaction = _write is null;
        var write = _write ?? await BeginWriteAsync(cancellationToken);
        try
        {
            var automatic = _auditDrafts.Count == 0 ? AutomaticAudit.Capture(ChangeTracker) : [];
            var changedCases = ChangeTracker.Entries<Case>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified)
                .Select(e => e.Entity).ToList();
            CountTrackedChanges();
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await FlushRollupsAsync(cancellationToken);
            foreach (var captured in automatic)
            {
                _auditDrafts.Add(captured.ToDraft(Actor));
            }

            await CaseSearch.IndexAsync(this, changedCases, cancellationToken);
            await AppendAuditChainAsync(cancellationToken);
            if (ownTransaction)
            {
                await write.CommitAsync(cancellationToken);
            }

            _scopeChecked.Clear();
            return count;
        }
        finally
        {
            if (ownTransaction)
            {
                await write.DisposeAsync();
            }
        }
    }

    private async Task AppendAuditChainAsync(CancellationToken ct)
    {
        if (_auditDrafts.Count == 0)
        {
            return;
        }

        var (seq, prev) = await SealAuditDraftsAsync(AuditEntries.Add, ct);
        var head = await Settings.FindAsync([AuditChain.HeadSetting], ct);
        if (head is null)
        {
            Settings.Add(new Setting { Key = AuditChain.HeadSetting, Value = $"{seq}:{prev}" });
        }
        else
        {
            head.Value = $"{seq}:{prev}";
        }

        await base.SaveChangesAsync(true, ct);
    }

    /// <summary>The batch writer's audit append: the same chain, written as plain rows with the batch's other rows.</summary>
    internal async Task AppendAuditChainAsync(RowWriter rows, CancellationToken ct)
    {
        if (_auditDrafts.Count == 0)
        {
            return;
        }

        var tailCmd = await rows.Prepared.GetAsync(this, "SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1", [], null, ct);
        (long Seq, string Hash)? tail = null;
        await using (var reader = await tailCmd.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                tail = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        await DisposeUnlessCachedAsync(rows.Prepared, tailCmd);
        var (seq, prev) = SealAuditDrafts(tail, rows.AddUnscoped);
        await rows.FlushAsync(ct);
        var head = await rows.Prepared.GetAsync(this, IsPostgres
            ? "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            : "INSERT INTO \"settings\" (\"key\", \"value\") VALUES (@key, @value) ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\"",
            ["@key", "@value"], null, ct);
        head.Parameters[0].Value = AuditChain.HeadSetting;
        head.Parameters[1].Value = $"{seq}:{prev}";
        await head.ExecuteNonQueryAsync(ct);
        await DisposeUnlessCachedAsync(rows.Prepared, head);
    }

    private static async ValueTask DisposeUnlessCachedAsync(PreparedCommands prepared, System.Data.Common.DbCommand cmd)
    {
        if (!prepared.IsCached(cmd))
        {
            await cmd.DisposeAsync();
        }
    }

    /// <summary>Seals the pending drafts onto the chain's tail in order; returns the new head.</summary>
    private async Task<(long Seq, string Hash)> SealAuditDraftsAsync(Func<AuditEntry, object?> add, CancellationToken ct)
    {
        var tail = await AuditEntries.IgnoreQueryFilters().OrderByDescending(a => a.Seq)
            .Select(a => new { a.Seq, a.Hash }).FirstOrDefaultAsync(ct);
        return SealAuditDrafts(tail is null ? null : (tail.Seq, tail.Hash), add);
    }

    private (long Seq, string Hash) SealAuditDrafts((long Seq, string Hash)? tail, Func<AuditEntry, object?> add)
    {
        var seq = tail?.Seq ?? 0;
        var prev = tail?.Hash ?? AuditChain.Genesis;
        var at = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime);
        foreach (var draft in _auditDrafts)
        {
            var entityId = draft.Entity is null ? draft.EntityId
                : string.Join("/", Entry(draft.Entity).Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(Entry(draft.Entity).Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
            var entry = AuditChain.Seal(++seq, at, draft.Actor, draft.Action, draft.EntityType, entityId, draft.Changes, prev);
            prev = entry.Hash;
            add(entry);
        }

        _auditDrafts.Clear();
        return (seq, prev);
    }

    /// <summary>Counts a row written outside the change tracker (see <see cref="RowWriter"/>) into the roll-ups.</summary>
    internal void CountNewRow(object row)
    {
        switch (row)
        {
            case Case c:
                _rollups.Add(null, c.Figures());
                break;
            case Deadlines.CaseDeadline d:
                _rollups.Add(null, d.Figures());
                break;
        }
    }

    /// <summary>Counts tracked case and deadline changes into the roll-ups: the new contribution minus the old.</summary>
    private void CountTrackedChanges()
    {
        foreach (var entry in ChangeTracker.Entries<Case>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    _rollups.Add(null, entry.Entity.Figures());
                    break;
                case EntityState.Modified:
                    _rollups.Add(((Case)entry.OriginalValues.ToObject()).Figures(), entry.Entity.Figures());
                    break;
                case EntityState.Deleted:
                    _rollups.Add(((Case)entry.OriginalValues.ToObject()).Figures(), null);
                    break;
            }
        }

        foreach (var entry in ChangeTracker.Entries<Deadlines.CaseDeadline>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    _rollups.Add(null, entry.Entity.Figures());
                    break;
                case EntityState.Modified:
                    _rollups.Add(((Deadlines.CaseDeadline)entry.OriginalValues.ToObject()).Figures(), entry.Entity.Figures());
                    break;
                case EntityState.Deleted:
                    _rollups.Add(((Deadlines.CaseDeadline)entry.OriginalValues.ToObject()).Figures(), null);
                    break;
            }
        }
    }

    /// <summary>Writes the roll-up changes counted so far, inside the write transaction.</summary>
    internal async Task FlushRollupsAsync(CancellationToken ct)
    {
        if (_rollups.IsEmpty)
        {
            _rollups.Clear();
            return;
        }

        foreach (var (key, counters) in _rollups.Rows)
        {
            if (key.Dim == Domain.Dashboard.Rollups.Total && Domain.Regions.RegionCode.TryGetLevel(key.RegionCode, out var level)
                && level == Domain.Regions.RegionLevel.Village)
            {
                _changedVillages.Add(key.RegionCode);
                if (counters[(int)Domain.Dashboard.Figure.Urgent] > 0)
                {
                    _urgentVillages.Add(key.RegionCode);
                }
            }
        }

        await Dashboard.RollupStore.WriteAsync(this, _rollups, ct);
        _rollups.Clear();
    }

    /// <summary>What the transaction that just committed changed for the dashboard (then forgotten); null when nothing.</summary>
    internal Dashboard.WatchDashboard.CaseChange? TakeCommittedChanges()
    {
        if (_changedVillages.Count == 0)
        {
            return null;
        }

        var change = new Dashboard.WatchDashboard.CaseChange([.. _changedVillages.Order(StringComparer.Ordinal)], [.. _urgentVillages.Order(StringComparer.Ordinal)]);
        _changedVillages.Clear();
        _urgentVillages.Clear();
        return change;
    }

    internal void EndWrite()
    {
        _write = null;
        _rollups.Clear();
        _changedVillages.Clear();
        _urgentVillages.Clear();
        _auditDrafts.Clear();
        _scopeChecked.Clear();
        s_writeGate.Release();
    }

    /// <summary>An open write: the database transaction plus the write gate, released together.</summary>
    public sealed class WriteTransaction(ConcordDb db, IDbContextTransaction tx) : IAsyncDisposable
    {
        private bool _disposed;

        public Task CommitAsync(CancellationToken ct = default) => tx.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await tx.DisposeAsync();
            db.EndWrite();
        }
    }
}

internal sealed record AuditEntryDraft(Actor Actor, string Action, string EntityType, string EntityId, string Changes)
{
    /// <summary>A row being added, whose key becomes the entry's EntityId once inserted.</summary>
    public object? Entity { get; init; }
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// Audit entries for writes that no use case described (Identity's own updates, for one):
/// one per changed row, property names with old → new values, secrets and personal data masked.
/// </summary>
internal sealed class AutomaticAudit
{
    private static readonly HashSet<string> s_secret = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Xml", "Value",
    };

    private EntityEntry _entry = null!;
    private string _action = "";
    private Dictionary<string, object?> _changes = [];

    public static List<AutomaticAudit> Capture(ChangeTracker tracker) =>
        [.. tracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not AuditEntry)
            .Select(e => new AutomaticAudit
            {
                _entry = e,
                _action = e.State switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "modified" },
                _changes = Changes(e),
            })];

    public AuditEntryDraft ToDraft(Actor actor)
    {
        var key = _entry.Metadata.FindPrimaryKey()!.Properties
            .Select(p => Convert.ToString(_entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture));
        return new AuditEntryDraft(actor, $"{_entry.Metadata.ClrType.Name}.{_action}", _entry.Metadata.ClrType.Name, string.Join("/", key), JsonSerializer.Serialize(_changes, AuditJson.Options));
    }

    private static Dictionary<string, object?> Changes(EntityEntry e)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        // Keys of new rows are still temporary here; the entry's EntityId carries the real one.
        foreach (var p in e.Properties.Where(p => (e.State != EntityState.Modified || p.IsModified) && !p.IsTemporary))
        {
            var name = p.Metadata.Name;
            result[name] = s_secret.Contains(name) ? "***" : Mask(p.CurrentValue);
        }

        foreach (var c in e.ComplexProperties)
        {
            result[c.Metadata.Name] = (c.CurrentValue as ProtectedValue)?.Masked;
        }

        return result;
    }

    private static object? Mask(object? value) => value is byte[]? "***" : value;
}
