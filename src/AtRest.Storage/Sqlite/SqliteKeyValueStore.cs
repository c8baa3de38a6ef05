using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>
/// The embedded backend: one SQLite database file holding an append-only log of changes (kine's design), with
/// etcd's semantics — a global revision, compare-and-swap on mod revisions, ranges at past revisions, watches,
/// compaction — and etcd's durability: a write completes only after it is fsynced.
/// </summary>
/// <remarks>
/// Writes go through one group-committing writer; reads use a pool of connections that never wait for it.
/// Deleted and superseded values are zeroed on compaction (<c>secure_delete</c>) and the WAL is truncated, so old
/// ciphertexts do not linger in the files. Other processes may open the same file; their writes are seen by
/// polling.
/// </remarks>
public sealed class SqliteKeyValueStore : IKeyValueStore, IStorageSpaceMonitor
{
    // A watch reads ahead of its consumer by at most one batch: 1,000 rows or 512 KiB of values, whichever comes first
    // (a larger first row is read alone). Counting rows alone let ten watches over 900 KB values hold ~9 GB between them.
    private const int WatchBatch = 1000;
    private const long WatchBatchBytes = 512 * 1024;

    private static readonly Task<KeyValue?> Absent = Task.FromResult<KeyValue?>(null);

    private readonly SqliteKeyValueStoreOptions options;
    private readonly SqliteReaderPool readers;
    private readonly SqliteWriter writer;
    private readonly CommitSignal commits = new();
    private readonly CancellationTokenSource closing = new();
    private readonly Task background;
    private readonly Task expiry;
    private int disposed;

    private SqliteKeyValueStore(SqliteKeyValueStoreOptions options, SqliteConnection writerConnection)
    {
        this.options = options;
        readers = new SqliteReaderPool(options);
        writer = new SqliteWriter(writerConnection, options.MaxWriteBatch, _ => commits.Pulse());
        background = options.CompactionInterval > TimeSpan.Zero ? Task.Run(CompactPeriodicallyAsync) : Task.CompletedTask;
        expiry = Task.Run(ExpirePeriodicallyAsync);
    }

    /// <summary>The group-committing writer (tests observe its commit count and hold it with exclusive work).</summary>
    internal SqliteWriter Writer => writer;

    /// <summary>The database file.</summary>
    public string DatabasePath => options.DatabasePath;

    /// <inheritdoc />
    public string? InsufficientStorage => writer.InsufficientStorage;

    /// <summary>Opens (creating when absent) the database at <see cref="SqliteKeyValueStoreOptions.DatabasePath"/>.</summary>
    /// <exception cref="InvalidOperationException">The file is not an AtRest state database, or is from a newer version.</exception>
    public static SqliteKeyValueStore Open(SqliteKeyValueStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        SqliteFileModes.RestrictToOwner(options.DatabasePath);
        SqliteConnection? connection = null;
        try
        {
            connection = SqliteConnections.OpenWriter(options);
            SqliteSchema.Ensure(connection);
            return new SqliteKeyValueStore(options, connection);
        }
        catch (SqliteException error)
        {
            connection?.Dispose();
            throw new InvalidOperationException($"cannot open the SQLite state database {options.DatabasePath}: {error.Message}", error);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>Opens the database with default settings.</summary>
    public static SqliteKeyValueStore Open(string databasePath) => Open(new SqliteKeyValueStoreOptions { DatabasePath = databasePath });

    /// <inheritdoc />
    public Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(readers.Read(static reader => reader.CurrentRevision()));
    }

    /// <summary>The revision up to which history has been discarded (0 when never compacted).</summary>
    public Task<long> CompactedRevisionAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(readers.Read(static reader => reader.CompactedRevision()));
    }

    /// <inheritdoc />
    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var entry = readers.Read(key, static (reader, key) => reader.Get(key));
        return entry is null ? Absent : Task.FromResult<KeyValue?>(entry);
    }

    /// <inheritdoc />
    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Prefix, nameof(request.Prefix));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, nameof(request.Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, nameof(request.Revision));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(readers.Read(reader => reader.Range(request)));
    }

    /// <inheritdoc />
    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(readers.Read(reader => reader.Count(prefix)));
    }

    /// <inheritdoc />
    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        WriteAsync(WriteKind.Create, key, value, 0, cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        WriteAsync(WriteKind.Update, key, value, expectedModRevision, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One writer queue item, so one transaction and one fsync for the whole batch.</remarks>
    /// <inheritdoc />
    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        WriteAsync(WriteKind.Create, key, value, 0, cancellationToken, ExpiresAt(ttl));

    /// <inheritdoc />
    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        WriteAsync(WriteKind.Update, key, value, expectedModRevision, cancellationToken, ExpiresAt(ttl));

    public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(IReadOnlyList<ConditionalUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (updates.Count == 0)
        {
            return [];
        }

        var requests = new WriteRequest[updates.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            var update = updates[i];
            ArgumentNullException.ThrowIfNull(update);
            ArgumentException.ThrowIfNullOrEmpty(update.Key, nameof(updates));
            requests[i] = new WriteRequest(WriteKind.Update, update.Key, update.Value.ToArray(), update.ExpectedModRevision, cancellationToken);
        }

        return await writer.WriteManyAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        WriteAsync(WriteKind.Delete, key, ReadOnlyMemory<byte>.Empty, expectedModRevision, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Needs <paramref name="afterRevision"/> &gt;= the compacted revision (the state at <paramref name="afterRevision"/>
    /// supplies the previous values). Local writes wake the watch at once; other processes' writes are seen within
    /// <see cref="SqliteKeyValueStoreOptions.WatchPollInterval"/>. Throws <see cref="ObjectDisposedException"/> when the store closes.
    /// </remarks>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var bounds = PrefixBounds.For(prefix);
        var scanned = afterRevision;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            var wake = commits.Next;
            var batch = readers.Read(reader => reader.Events(bounds, scanned, WatchBatch, WatchBatchBytes));
            foreach (var change in batch.Events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return change;
            }

            scanned = batch.ScannedThrough;
            if (!batch.Full)
            {
                await WaitForChangesAsync(wake, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs in steps of <see cref="SqliteKeyValueStoreOptions.CompactionBatchRevisions"/> revisions so writes interleave,
    /// then checkpoints and truncates the WAL. A revision at or below the compacted one does nothing.
    /// </remarks>
    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var current = await CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
        if (revision > current)
        {
            throw new ArgumentOutOfRangeException(
                nameof(revision), revision, $"cannot compact to revision {revision}: it is a future revision (the current revision is {current})");
        }

        var batch = options.CompactionBatchRevisions;
        var before = await CompactedRevisionAsync(cancellationToken).ConfigureAwait(false);
        var compacted = before;
        while (compacted < revision)
        {
            compacted = await writer.RunExclusiveAsync(commands => SqliteCompaction.Step(commands, revision, batch), cancellationToken)
                .ConfigureAwait(false);
        }

        if (compacted > before)
        {
            await writer.RunExclusiveAsync(SqliteCompaction.Checkpoint, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await closing.CancelAsync().ConfigureAwait(false);
        await background.ConfigureAwait(false);
        await expiry.ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        readers.Dispose();
        commits.Pulse();
        closing.Dispose();
    }

    private Task<WriteResult> WriteAsync(WriteKind kind, string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken, long expiresAtMs = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("the key is empty", nameof(key));
        }

        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return writer.WriteAsync(kind, key, value.ToArray(), expectedModRevision, cancellationToken, expiresAtMs);
    }

    private async Task WaitForChangesAsync(Task wake, CancellationToken cancellationToken)
    {
        try
        {
            await wake.WaitAsync(options.WatchPollInterval, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Time to poll for rows that other processes appended.
        }
    }

    private long ExpiresAt(TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return options.Time.GetUtcNow().Add(ttl).ToUnixTimeMilliseconds();
    }

    private async Task ExpirePeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(options.ExpiryCheckInterval, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(closing.Token).ConfigureAwait(false))
            {
                try
                {
                    var now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
                    var deleted = await writer.RunExclusiveAsync(commands => SqliteExpiry.Sweep(commands, now), closing.Token).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        commits.Pulse();
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    options.BackgroundError?.Invoke(error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The store is closing.
        }
    }

    private async Task CompactPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(options.CompactionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(closing.Token).ConfigureAwait(false))
            {
                try
                {
                    var target = await CurrentRevisionAsync(closing.Token).ConfigureAwait(false) - options.CompactionRetainedRevisions;
                    if (target > 0)
                    {
                        await CompactAsync(target, closing.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    options.BackgroundError?.Invoke(error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The store is closing.
        }
    }
}
