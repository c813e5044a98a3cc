using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Shared;

/// <summary>
/// Group commit: write requests queue here and one loop writes up to <see cref="MaxBatch"/> of
/// them per transaction, acknowledging each only after its transaction commits. Measured on
/// this machine this is 3–4× the throughput of one transaction per request (stack.md), and
/// the single writer gives the audit chain its order for free.
/// <para>
/// A job runs in the writer, in queue order, inside the batch's transaction: it reads what it
/// must (idempotency, sequences), decides, and adds its rows to the <see cref="Batch"/> — plain
/// INSERTs, no change tracking (docs/decisions/0006-intake-write-path.md). Everything that can
/// be computed without the database (validation, personal-data protection, triage, texts,
/// audit JSON, search tokens) is done on the request thread before the job is queued.
/// </para>
/// <para>
/// A job that throws a <see cref="DomainException"/> fails alone: the batch is dropped
/// uncommitted and re-run without it (nothing was committed, so re-running is safe). If the
/// database rejects a batch, each job is retried in its own transaction.
/// </para>
/// </summary>
public sealed class BatchWriter(IDbContextFactory<ConcordDb> factory, ILogger<BatchWriter> log) : BackgroundService
{
    public const int MaxBatch = 256;

    private readonly Channel<Job> _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues a job; returns what it returned once its batch has committed.</summary>
    public async Task<T> WriteAsync<T>(Actor actor, Func<Batch, CancellationToken, ValueTask<T>> stage, CancellationToken ct = default)
    {
        var job = new Job(actor, async (batch, token) => await stage(batch, token));
        await _queue.Writer.WriteAsync(job, ct);
        return (T)(await job.Completion.Task)!;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Job>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var job))
                {
                    batch.Add(job);
                }

                await WriteBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            // Nothing is queued after this (a late write fails at once instead of waiting for ever),
            // and what was queued but not written is cancelled: it was never acknowledged.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Completion.TrySetCanceled(stoppingToken);
            }

            // The connection and its prepared statements belong to this loop: only it releases
            // them, after its last batch (StopAsync must not, while a batch may still be running).
            try
            {
                await DropAsync();
            }
            catch (Exception ex)
            {
                _releaseFailure = ExceptionDispatchInfo.Capture(ex);
            }
        }
    }

    private async Task WriteBatchAsync(List<Job> batch, CancellationToken ct)
    {
        var pending = new List<Job>(batch);
        while (pending.Count > 0)
        {
            var failed = await TryOnceAsync(pending, ct);
            if (failed is null)
            {
                return;
            }

            pending.Remove(failed);
        }
    }

    // The writer keeps one context and its connection open between batches, with its prepared
    // statements: for a batch of a few cases, opening, initialising and preparing cost more than
    // writing. Nothing is tracked in it; after any failure it is dropped and made anew.
    private ConcordDb? _db;
    private PreparedCommands? _prepared;
    private ExceptionDispatchInfo? _releaseFailure;

    /// <summary>Runs the jobs in one transaction; returns the job that failed by rule (to drop), or null when done.</summary>
    private async Task<Job?> TryOnceAsync(List<Job> jobs, CancellationToken ct)
    {
        var results = new object?[jobs.Count];
        try
        {
            var db = _db ??= await OpenAsync(ct);
            _prepared ??= new PreparedCommands();
            db.ChangeTracker.Clear();
            await using var tx = await db.BeginWriteAsync(ct);
            var batch = new Batch(db, _prepared);
            for (var i = 0; i < jobs.Count; i++)
            {
                db.ActAs(jobs[i].Actor);
                batch.RemainingJobs = jobs.Count - i;
                try
                {
                    results[i] = await jobs[i].Stage(batch, ct);

                    // Tracked entities (e.g. a household's key flag) are checked against the
                    // scope of the job that staged them, now: the save at the end of the batch
                    // runs as the last job's actor, and a batch mixes many actors.
                    if (db.ChangeTracker.HasChanges())
                    {
                        db.CheckScopeOfChanges();
                    }
                }
                catch (DomainException ex)
                {
                    jobs[i].Completion.TrySetException(ex);
                    return jobs[i];
                }
            }

            if (db.ChangeTracker.HasChanges())
            {
                // Use cases that stage tracked entities (events, visits) instead of plain rows:
                // saved in the same transaction, with the scope check, and the audit drafts
                // staged so far sealed in job order.
                await db.SaveChangesAsync(ct);
            }

            await batch.FlushAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (jobs.Count > 1 && !ct.IsCancellationRequested)
        {
            await DropAsync();
            log.LogWarning(ex, "A batch of {Count} writes failed; retrying each alone", jobs.Count);
            foreach (var job in jobs)
            {
                await WriteBatchAsync([job], ct);
            }

            return null;
        }
        catch (Exception ex)
        {
            await DropAsync();
            if (ct.IsCancellationRequested)
            {
                // Stopping: the batch did not commit here, so none of its jobs is acknowledged.
                foreach (var job in jobs)
                {
                    job.Completion.TrySetCanceled(ct);
                }
            }
            else
            {
                jobs[0].Completion.TrySetException(ex);
            }

            return null;
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            jobs[i].Completion.TrySetResult(results[i]);
        }

        return null;
    }

    private async Task<ConcordDb> OpenAsync(CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        return db;
    }

    private async Task DropAsync()
    {
        if (_prepared is not null)
        {
            await _prepared.DisposeAsync();
            _prepared = null;
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null;
        }
    }

    /// <summary>
    /// Waits for the batch being written (if any) to commit or roll back, then reports a failure
    /// to release the connection. If the host's stop timeout ends the wait first, the loop still
    /// owns the connection and releases it when its batch ends.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false })
        {
            log.LogWarning("The write queue was still writing a batch when the stop timeout ended");
            return;
        }

        _releaseFailure?.Throw();
    }

    private sealed record Job(Actor Actor, Func<Batch, CancellationToken, Task<object?>> Stage)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// One group-commit transaction as its jobs see it: the context (acting as the current job's
/// actor, for reads), the rows to insert, audit entries, and per-batch state of a use case
/// (e.g. the case-code counters), all written by <see cref="FlushAsync"/> before the commit.
/// </summary>
public sealed class Batch(ConcordDb db, PreparedCommands prepared)
{
    private readonly List<IBatchPart> _parts = [];
    private readonly Dictionary<Type, Queue<long>> _ids = [];
    private readonly Dictionary<Type, long> _lastId = [];

    /// <summary>The write context; its <see cref="ConcordDb.Actor"/> is the current job's actor.</summary>
    public ConcordDb Db { get; } = db;

    public RowWriter Rows { get; } = new(db, prepared);

    /// <summary>Statements the batch runs besides inserts, prepared once for the writer's connection.</summary>
    public PreparedCommands Prepared => prepared;

    /// <summary>Jobs of this batch not staged yet, the current one included: how many keys to reserve at once.</summary>
    internal int RemainingJobs { get; set; } = 1;

    /// <summary>Records what the current job did; <paramref name="changesJson"/> must already be masked (see <see cref="ConcordDb.Audit"/>).</summary>
    public void Audit(string action, string entityType, string entityId, string changesJson) =>
        Db.AuditSerialized(action, entityType, entityId, changesJson);

    /// <summary>State a use case keeps for the whole batch, created on first use and flushed before the rows.</summary>
    public T Part<T>()
        where T : class, IBatchPart, new()
    {
        foreach (var part in _parts)
        {
            if (part is T found)
            {
                return found;
            }
        }

        var created = new T();
        _parts.Add(created);
        return created;
    }

    /// <summary>
    /// A key for a new row of <typeparamref name="T"/> from the table's identity, so children can
    /// point at it before anything is written. Keys are reserved a few at a time; unused ones are
    /// gaps, as with any identity.
    /// </summary>
    public async ValueTask<long> NextIdAsync<T>(CancellationToken ct)
        where T : class
    {
        if (!_ids.TryGetValue(typeof(T), out var free))
        {
            _ids[typeof(T)] = free = new Queue<long>();
        }

        if (free.Count == 0)
        {
            foreach (var id in await Db.ReserveIdsAsync<T>(RemainingJobs, _lastId.GetValueOrDefault(typeof(T)), prepared, ct))
            {
                free.Enqueue(id);
            }
        }

        return _lastId[typeof(T)] = free.Dequeue();
    }

    internal async Task FlushAsync(CancellationToken ct)
    {
        foreach (var part in _parts)
        {
            await part.FlushAsync(this, ct);
        }

        await Rows.FlushAsync(ct);
        await Db.FlushRollupsAsync(ct);
        foreach (var part in _parts)
        {
            await part.AfterRowsAsync(this, ct);
        }

        await Db.AppendAuditChainAsync(Rows, ct);
    }
}

/// <summary>Per-batch state of a use case (see <see cref="Batch.Part{T}"/>).</summary>
public interface IBatchPart
{
    /// <summary>Before the rows are written: e.g. store counters.</summary>
    Task FlushAsync(Batch batch, CancellationToken ct);

    /// <summary>After the rows are written: e.g. index them for search.</summary>
    Task AfterRowsAsync(Batch batch, CancellationToken ct) => Task.CompletedTask;
}
