using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Opens the backend's connections with their pragmas.</summary>
internal static class SqliteConnections
{
    /// <summary>
    /// The one writing connection. WAL with <c>synchronous=FULL</c> fsyncs the WAL at every commit, so a commit
    /// that returned survives a crash (etcd's guarantee); <c>secure_delete</c> zeroes the bytes of deleted rows.
    /// </summary>
    public static SqliteConnection OpenWriter(SqliteKeyValueStoreOptions options)
    {
        var connection = Open(options, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(connection, "PRAGMA journal_mode=WAL", expect: "wal");
            Execute(connection, "PRAGMA synchronous=FULL");
            Execute(connection, "PRAGMA secure_delete=ON");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A read-only connection; WAL lets it read a consistent snapshot while the writer commits.</summary>
    public static SqliteConnection OpenReader(SqliteKeyValueStoreOptions options)
    {
        var connection = Open(options, SqliteOpenMode.ReadWrite);
        try
        {
            Execute(connection, "PRAGMA query_only=ON");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteConnection Open(SqliteKeyValueStoreOptions options, SqliteOpenMode mode)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=30000");
            Execute(connection, $"PRAGMA mmap_size={options.MemoryMapBytes}");
            Execute(connection, $"PRAGMA cache_size={-options.CacheKibibytes}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql, string? expect = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = command.ExecuteScalar();
        if (expect is not null && !string.Equals(result as string, expect, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused '{sql}' for {connection.DataSource} (it answered '{result}')");
        }
    }
}
