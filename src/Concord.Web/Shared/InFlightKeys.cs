using System.Collections.Concurrent;

namespace Concord.Web.Shared;

/// <summary>
/// Idempotency keys whose first request is on its way through the <see cref="BatchWriter"/> in
/// this process. Handlers look a key up before queueing the write (off the single writer) and
/// skip the lookup inside it; a second request with the same key while the first is in flight
/// waits for the first here and then finds its result: a handler claims the key first and looks
/// it up while holding it (a lookup before the claim could miss a first request that commits and
/// lets go in between). Across app instances the unique index on
/// the key is the arbiter (the batch fails, the writer runs its jobs again, and a job's second
/// run looks the key up inside the transaction).
/// </summary>
public sealed class InFlightKeys
{
    private readonly ConcurrentDictionary<string, Task> _keys = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims <paramref name="key"/>, waiting while another request of this process holds it;
    /// dispose the handle when the write is done (committed or failed). Look the key up after this.
    /// </summary>
    public async Task<IDisposable> ClaimAsync(string key, CancellationToken ct)
    {
        while (true)
        {
            if (await TryClaimAsync(key, ct) is { } claim)
            {
                return claim;
            }
        }
    }

    private async Task<IDisposable?> TryClaimAsync(string key, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_keys.TryAdd(key, done.Task))
        {
            return new Claim(this, key, done);
        }

        if (_keys.TryGetValue(key, out var other))
        {
            await other.WaitAsync(ct);
        }

        return null;
    }

    private sealed class Claim(InFlightKeys owner, string key, TaskCompletionSource done) : IDisposable
    {
        public void Dispose()
        {
            owner._keys.TryRemove(key, out _);
            done.TrySetResult();
        }
    }
}
