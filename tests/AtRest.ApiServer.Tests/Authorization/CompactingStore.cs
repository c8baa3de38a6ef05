using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// A real store with one fault it cannot produce on demand: the first watch of a chosen prefix is preceded by a
/// "client" write and a compaction up to it, so the real store answers that watch with its real
/// <see cref="CompactedException"/> (410), as etcd does to a watcher that fell behind compacted history.
/// </summary>
internal sealed class CompactingStore(IKeyValueStore inner, string prefix, Func<Task> clientWrite) : IKeyValueStore
{
    private int _watched;

    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default) => inner.CurrentRevisionAsync(cancellationToken);

    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => inner.RangeAsync(request, cancellationToken);

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, value, cancellationToken);

    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);

    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string watched, long afterRevision, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (watched.StartsWith(prefix, StringComparison.Ordinal) && Interlocked.Exchange(ref _watched, 1) == 0)
        {
            await clientWrite();
            await inner.CompactAsync(await inner.CurrentRevisionAsync(cancellationToken), cancellationToken);
        }

        await foreach (var e in inner.WatchAsync(watched, afterRevision, cancellationToken))
        {
            yield return e;
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
