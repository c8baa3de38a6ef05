using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Compaction steps, each run alone on the writer connection.</summary>
internal static class SqliteCompaction
{
    /// <summary>
    /// Deletes the rows superseded at or before the next window of at most <paramref name="batch"/> revisions
    /// towards <paramref name="target"/> and records the new compacted revision, in one transaction.
    /// </summary>
    /// <returns>The compacted revision afterwards.</returns>
    public static long Step(SqliteCommands commands, long target, int batch)
    {
        commands.Execute(SqliteSql.BeginImmediate);
        try
        {
            var (current, compacted) = SqliteRows.Revisions(commands);
            var to = Math.Min(Math.Min(target, current), compacted + batch);
            if (to > compacted)
            {
                foreach (var statement in new[] { SqliteSql.CompactSuperseded, SqliteSql.CompactTombstones })
                {
                    var command = commands.Get(statement);
                    command.Parameters[0].Value = compacted;
                    command.Parameters[1].Value = to;
                    command.ExecuteNonQuery();
                }

                var record = commands.Get(SqliteSql.SetCompacted);
                record.Parameters[0].Value = to;
                record.ExecuteNonQuery();

                compacted = to;
            }

            commands.Execute(SqliteSql.Commit);
            return compacted;
        }
        catch
        {
            try
            {
                commands.Execute(SqliteSql.Rollback);
            }
            catch (SqliteException)
            {
                // Already rolled back by SQLite.
            }

            throw;
        }
    }

    /// <summary>
    /// Copies the WAL into the database and truncates it to zero bytes, so that the zeroed pages replace the old
    /// ones in the database file and no old frame with deleted values stays in the <c>-wal</c> file.
    /// </summary>
    /// <returns>True when the checkpoint completed; false when a reader kept it from finishing.</returns>
    public static bool Checkpoint(SqliteCommands commands)
    {
        using var reader = commands.Get(SqliteSql.CheckpointTruncate).ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0;
    }
}
