namespace AtRest.Storage.Sqlite;

/// <summary>
/// Time to live on the embedded store, as etcd leases behave for kube-apiserver's events: a write with a TTL records
/// its row in table <c>expiry</c>; the sweep, run on the writer connection, appends a tombstone for each expired key
/// whose newest row is still the one that set the TTL (so watches see an ordinary delete) and forgets the entry.
/// </summary>
internal static class SqliteExpiry
{
    // Keys expired per sweep transaction, so a burst of expiries does not hold writers up for long.
    private const int SweepBatch = 1000;

    /// <summary>Records (or moves) the key's expiry to the row just written.</summary>
    public static void Set(SqliteCommands commands, string key, long id, long expiresAtMs)
    {
        var command = commands.Get(SqliteSql.SetExpiry);
        command.Parameters[0].Value = key;
        command.Parameters[1].Value = id;
        command.Parameters[2].Value = expiresAtMs;
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes up to one batch of expired keys in one transaction; returns how many were deleted.</summary>
    public static int Sweep(SqliteCommands commands, long nowMs)
    {
        // Looked up before taking the write lock: most sweeps find nothing and should cost writers nothing.
        var expired = Expired(commands, nowMs);
        if (expired.Count == 0)
        {
            return 0;
        }

        commands.Execute(SqliteSql.BeginImmediate);
        try
        {
            var revision = SqliteRows.Revisions(commands).Current;
            var deleted = 0;
            foreach (var (name, id) in Expired(commands, nowMs))
            {
                var latest = SqliteRows.Latest(commands, name);
                if (latest is { Deleted: false } row && row.Id == id)
                {
                    var current = row.Entry(name)!;
                    revision = SqliteWriter.Append(commands, revision + 1, name, created: false, deleted: true, current.CreateRevision, current.ModRevision, [], version: 0);
                    deleted++;
                }

                var drop = commands.Get(SqliteSql.DropExpiry);
                drop.Parameters[0].Value = name;
                drop.Parameters[1].Value = id;
                drop.ExecuteNonQuery();
            }

            commands.Execute(SqliteSql.Commit);
            return deleted;
        }
        catch
        {
            commands.Execute(SqliteSql.Rollback);
            throw;
        }
    }

    private static List<(string Name, long Id)> Expired(SqliteCommands commands, long nowMs)
    {
        var expired = new List<(string Name, long Id)>();
        var select = commands.Get(SqliteSql.Expired);
        select.Parameters[0].Value = nowMs;
        select.Parameters[1].Value = SweepBatch;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            expired.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return expired;
    }
}
