using System.Text;
using AtRest.ApiServer.Errors;
using AtRest.Storage;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// Refuses a write that etcd would refuse as larger than its <c>--max-request-bytes</c> (1.5 MiB), on whichever backend
/// is behind it, so that an object too large for etcd is too large for the embedded store as well. kube-apiserver
/// passes etcd's error through untouched: 500, no reason, <c>etcdserver: request is too large</c>.
/// </summary>
/// <remarks>
/// etcd measures the whole raft request, not the value alone. A write is one Txn that names the key in its compare,
/// its put and up to two ranges, so the estimate is
/// <code>
/// value bytes + 4 × key bytes + 128 (request header, field tags and lengths)
/// </code>
/// which is never below what etcd counts: the check here always fires first, and identically on SQLite.
/// </remarks>
internal sealed class RequestSizeLimitedStore(IKeyValueStore inner) : IKeyValueStore
{
    private const string TooLargeMessage = "etcdserver: request is too large";
    private const int KeyRepetitions = 4;
    private const int RequestOverheadBytes = 128;

    /// <inheritdoc />
    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default) => inner.CurrentRevisionAsync(cancellationToken);

    /// <inheritdoc />
    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) =>
        inner.RangeAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default) => inner.CountAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        EnsureFits(key, value);
        return inner.CreateAsync(key, value, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        EnsureFits(key, value);
        return inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        EnsureFits(key, value);
        return inner.CreateAsync(key, value, ttl, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        EnsureFits(key, value);
        return inner.UpdateAsync(key, value, expectedModRevision, ttl, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(IReadOnlyList<ConditionalUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var update in updates)
        {
            EnsureFits(update.Key, update.Value);
        }

        // Passed on whole: the backend's batching (one etcd Txn per group, one SQLite transaction) is the point of the call.
        return inner.UpdateManyAsync(updates, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    /// <inheritdoc />
    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    /// <summary>The store behind this one is owned by whoever opened it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The bytes etcd would count for a write of <paramref name="valueBytes"/> at <paramref name="key"/>, at most.</summary>
    public static long EstimatedRequestBytes(string key, int valueBytes) =>
        valueBytes + ((long)KeyRepetitions * Encoding.UTF8.GetByteCount(key)) + RequestOverheadBytes;

    private static void EnsureFits(string key, ReadOnlyMemory<byte> value)
    {
        if (EstimatedRequestBytes(key, value.Length) > RequestLimits.MaxStoreRequestBytes)
        {
            throw new ApiException(500, string.Empty, TooLargeMessage);
        }
    }
}
