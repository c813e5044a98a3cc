using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Concord.Web.Dashboard.WatchDashboard;

/// <summary>What a committed write changed for the dashboard: the villages whose figures moved, and those that got a new urgent (red-flag) case.</summary>
public sealed record CaseChange(IReadOnlyList<string> Villages, IReadOnlyList<string> UrgentVillages);

/// <summary>
/// In-process broadcaster of committed case changes to open dashboard streams. Each
/// subscriber has a small bounded queue that drops its oldest message when the reader lags
/// (a dashboard only needs to know "something changed"). One process only: another instance's
/// writes are not heard (see README, “Live updates”).
/// </summary>
public sealed class CaseChangeFeed
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscribers = new();

    public Subscription Subscribe()
    {
        var subscription = new Subscription(this);
        _subscribers[subscription] = 0;
        return subscription;
    }

    public void Publish(CaseChange change)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Queue.Writer.TryWrite(change);
        }
    }

    public sealed class Subscription(CaseChangeFeed feed) : IDisposable
    {
        internal Channel<CaseChange> Queue { get; } = Channel.CreateBounded<CaseChange>(
            new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public ChannelReader<CaseChange> Reader => Queue.Reader;

        public void Dispose()
        {
            feed._subscribers.TryRemove(this, out _);
            Queue.Writer.TryComplete();
        }
    }
}

/// <summary>
/// Publishes what a <see cref="ConcordDb"/> write transaction changed once it has committed
/// (never before: a rolled-back write publishes nothing).
/// </summary>
public sealed class CaseChangeCommitInterceptor(CaseChangeFeed feed) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData);
        return Task.CompletedTask;
    }

    private void Publish(TransactionEndEventData eventData)
    {
        if (eventData.Context is ConcordDb db && db.TakeCommittedChanges() is { } change)
        {
            feed.Publish(change);
        }
    }
}
