namespace AtRest.Storage;

/// <summary>
/// A revisioned key-value store with etcd's semantics: one global revision that every write advances,
/// compare-and-swap on a key's mod revision, ranges at a fixed revision, watches from a revision, and compaction.
/// </summary>
/// <remarks>Keys are storage keys such as <c>/registry/secrets/default/secret1</c>. Safe for concurrent use.</remarks>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>The newest revision of the store.</summary>
    Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>The key's current value, or null when it does not exist.</summary>
    Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Keys under a prefix in key order, at a fixed revision, a page at a time.</summary>
    Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default);

    /// <summary>How many keys exist under <paramref name="prefix"/>.</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Creates the key only if it is absent; the result carries the existing value when it was not.</summary>
    Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Replaces the value only if the key's mod revision is still <paramref name="expectedModRevision"/>.</summary>
    /// <returns>Success with the new entry, or failure with the current entry (null when the key is gone).</returns>
    Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CreateAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/> with a time to live: once
    /// <paramref name="ttl"/> has passed the key is deleted (watches see the delete), as with an etcd lease. kube-apiserver
    /// writes events this way (<c>--event-ttl</c>). A later write without a TTL keeps the key.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot expire keys.</exception>
    Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot expire keys");

    /// <summary><see cref="UpdateAsync(string, ReadOnlyMemory{byte}, long, CancellationToken)"/> with a time to live, as <see cref="CreateAsync(string, ReadOnlyMemory{byte}, TimeSpan, CancellationToken)"/>.</summary>
    /// <exception cref="NotSupportedException">The store cannot expire keys.</exception>
    Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot expire keys");

    /// <summary>
    /// Applies many compare-and-swap updates, each with exactly the semantics of <see cref="UpdateAsync"/>: an update whose
    /// expected mod revision is stale fails alone with the current entry, and the others still succeed.
    /// </summary>
    /// <remarks>
    /// Stores write the batch in as few round trips or transactions as they can (etcd: one Txn per group of updates within its
    /// operation and size limits; SQLite: one transaction). This default applies the updates one by one.
    /// </remarks>
    /// <returns>One result per update, in the order given.</returns>
    async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(IReadOnlyList<ConditionalUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var results = new WriteResult[updates.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = await UpdateAsync(updates[i].Key, updates[i].Value, updates[i].ExpectedModRevision, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Deletes the key; when <paramref name="expectedModRevision"/> is not zero, only if it still matches.
    /// </summary>
    /// <returns>Success with the deleted entry, or failure with the current entry (null when the key is gone).</returns>
    Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events under <paramref name="prefix"/> with revision &gt; <paramref name="afterRevision"/>, in revision order,
    /// until cancelled. Throws <see cref="CompactedException"/> when that history has been compacted away.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Discards history older than <paramref name="revision"/>; current values are kept.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);
}
