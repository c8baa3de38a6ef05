using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>
/// Removes every old revision from an embedded store and every trace of it from the files: compaction to the current
/// revision deletes superseded rows (zeroed by <c>secure_delete</c>), a truncating checkpoint empties the WAL, and
/// <c>VACUUM</c> rewrites the database so that no free page keeps old bytes; a last checkpoint empties the WAL that
/// the rewrite went through.
/// </summary>
public static class SqlitePurge
{
    /// <summary>Purges the database at <paramref name="databasePath"/>; no other process may use it meanwhile.</summary>
    /// <returns>The revision the store was compacted to.</returns>
    /// <exception cref="InvalidOperationException">The file is not an AtRest database, or SQLite refused a step.</exception>
    public static async Task<long> PurgeAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        long revision;
        await using (var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = databasePath, CompactionInterval = TimeSpan.Zero }))
        {
            revision = await store.CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
            await store.CompactAsync(revision, cancellationToken).ConfigureAwait(false);
        }

        var options = new SqliteKeyValueStoreOptions { DatabasePath = databasePath };
        using var connection = SqliteConnections.OpenWriter(options);
        try
        {
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            Execute(connection, "VACUUM");
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"cannot purge {databasePath}: {e.Message}", e);
        }

        return revision;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        // wal_checkpoint answers (busy, log frames, checkpointed frames): busy means a reader kept it from finishing.
        if (reader.Read() && reader.FieldCount == 3 && reader.GetInt64(0) != 0)
        {
            throw new InvalidOperationException($"{sql} on {connection.DataSource} could not finish: another process is reading the database");
        }
    }
}
