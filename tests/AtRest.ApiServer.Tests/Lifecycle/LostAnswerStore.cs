using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// A real store with a fault it cannot produce on demand: the first write of each chosen key (the run record included)
/// lands, but its answer is lost as in an etcd request timeout.
/// </summary>
internal sealed class LostAnswerStore(IKeyValueStore inner, IReadOnlySet<string> keys) : IKeyValueStore
{
    private readonly HashSet<string> _lost = [];

    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default) => inner.CurrentRevisionAsync(cancellationToken);

    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => inner.RangeAsync(request, cancellationToken);

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, cancellationToken);

    public async Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        var result = await inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);
        bool lose;
        lock (_lost)
        {
            lose = result.Succeeded && keys.Contains(key) && _lost.Add(key);
        }

        return lose ? throw new StorageUnavailableException($"the answer for {key} was lost", null) : result;
    }

    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
