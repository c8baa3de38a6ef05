using System.Collections.Concurrent;

namespace AtRest.Storage.Sqlite;

/// <summary>
/// Read connections handed out one per call. Never blocks: when none is idle a new one is opened, and
/// returned ones beyond <see cref="SqliteKeyValueStoreOptions.MaxIdleReaders"/> are closed.
/// </summary>
internal sealed class SqliteReaderPool(SqliteKeyValueStoreOptions options) : IDisposable
{
    private readonly ConcurrentQueue<SqliteReader> idle = new();
    private int idleCount;
    private volatile bool disposed;

    /// <summary>Runs <paramref name="read"/> on a pooled connection.</summary>
    public T Read<T>(Func<SqliteReader, T> read) => Read(read, static (reader, read) => read(reader));

    /// <summary>Runs <paramref name="read"/> on a pooled connection with <paramref name="state"/> (no closure on hot paths).</summary>
    public T Read<TState, T>(TState state, Func<SqliteReader, TState, T> read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var reader = Rent();
        try
        {
            return read(reader, state);
        }
        finally
        {
            Return(reader);
        }
    }

    public void Dispose()
    {
        disposed = true;
        Drain();
    }

    private SqliteReader Rent()
    {
        if (idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref idleCount);
            return reader;
        }

        return new SqliteReader(SqliteConnections.OpenReader(options));
    }

    private void Return(SqliteReader reader)
    {
        if (!disposed && reader.Reusable)
        {
            if (Interlocked.Increment(ref idleCount) <= options.MaxIdleReaders)
            {
                idle.Enqueue(reader);
                if (disposed)
                {
                    // Dispose ran while this reader was out and did not see it.
                    Drain();
                }

                return;
            }

            Interlocked.Decrement(ref idleCount);
        }

        reader.Dispose();
    }

    private void Drain()
    {
        while (idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref idleCount);
            reader.Dispose();
        }
    }
}
