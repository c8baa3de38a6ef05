namespace AtRest.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteKeyValueStore"/>.</summary>
public sealed class SqliteKeyValueStoreOptions
{
    /// <summary>The database file; its directory is created when missing. SQLite keeps <c>-wal</c> and <c>-shm</c> beside it.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Most idle reader connections kept open (default: twice the cores, at least 8); more are opened under load and closed when returned.</summary>
    public int MaxIdleReaders { get; init; } = Math.Max(8, 2 * Environment.ProcessorCount);

    /// <summary>Most queued writes committed together in one transaction (one fsync).</summary>
    public int MaxWriteBatch { get; init; } = 1024;

    /// <summary>
    /// How often a watch looks for rows written by another process; local writes wake watches at once.
    /// </summary>
    public TimeSpan WatchPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often background compaction runs; <see cref="TimeSpan.Zero"/> turns it off.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many of the newest revisions background compaction keeps readable.</summary>
    public long CompactionRetainedRevisions { get; init; } = 1000;

    /// <summary>Revisions compacted per transaction, so that writers are not held up for long.</summary>
    public int CompactionBatchRevisions { get; init; } = 10_000;

    /// <summary>Bytes of the database file each connection maps into memory (<c>PRAGMA mmap_size</c>).</summary>
    public long MemoryMapBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Page cache per connection in KiB (<c>PRAGMA cache_size</c> = -this).</summary>
    public int CacheKibibytes { get; init; } = 16 * 1024;

    /// <summary>
    /// How often keys written with a time to live are checked for expiry (etcd's lessor checks every 500 ms); an expired
    /// key is deleted at the next check, which watches see as a delete.
    /// </summary>
    public TimeSpan ExpiryCheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock of time-to-live expiry.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called with an error of background compaction (which then tries again next interval).</summary>
    public Action<Exception>? BackgroundError { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("the SQLite database path is empty", nameof(DatabasePath));
        }

        Positive(MaxWriteBatch, nameof(MaxWriteBatch));
        Positive(CompactionBatchRevisions, nameof(CompactionBatchRevisions));
        NotNegative(MaxIdleReaders, nameof(MaxIdleReaders));
        NotNegative(CompactionRetainedRevisions, nameof(CompactionRetainedRevisions));
        NotNegative(MemoryMapBytes, nameof(MemoryMapBytes));
        NotNegative(CacheKibibytes, nameof(CacheKibibytes));
        if (WatchPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WatchPollInterval), WatchPollInterval, "the watch poll interval must be positive");
        }

        if (ExpiryCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpiryCheckInterval), ExpiryCheckInterval, "the expiry check interval must be positive");
        }

        if (CompactionInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionInterval), CompactionInterval, "the compaction interval may not be negative");
        }
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
        }
    }

    private static void NotNegative(long value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} may not be negative");
        }
    }
}
