using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// A real store with one fault it cannot produce on demand: just before the first compare-and-swap update of a chosen
/// key, a "client" writes that key, so the update finds the key changed. A batch's client writes land before the
/// whole batch reaches the real store, so its own batching (an etcd Txn with a failing compare, a SQLite transaction)
/// meets the conflict, not a per-key stand-in.
/// </summary>
internal sealed class InterferingStore(IKeyValueStore inner, IReadOnlyDictionary<string, Func<Task>> clientWrites) : IKeyValueStore
{
    private readonly HashSet<string> _done = [];

    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default) => inner.CurrentRevisionAsync(cancellationToken);

    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => inner.RangeAsync(request, cancellationToken);

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, cancellationToken);

    public async Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        await InterfereAsync(key);
        return await inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);
    }

    public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(IReadOnlyList<ConditionalUpdate> updates, CancellationToken cancellationToken = default)
    {
        foreach (var update in updates)
        {
            await InterfereAsync(update.Key);
        }

        return await inner.UpdateManyAsync(updates, cancellationToken);
    }

    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task InterfereAsync(string key)
    {
        bool first;
        lock (_done)
        {
            first = clientWrites.ContainsKey(key) && _done.Add(key);
        }

        if (first)
        {
            await clientWrites[key]();
        }
    }
}
