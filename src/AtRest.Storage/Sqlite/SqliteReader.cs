using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>One pooled read connection. Multi-statement reads run in one deferred transaction: one snapshot.</summary>
internal sealed class SqliteReader(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommands commands = new(connection);

    /// <summary>False once a failure left the connection in an unknown state; it is then closed, not pooled.</summary>
    public bool Reusable { get; private set; } = true;

    public KeyValue? Get(string key) => SqliteRows.Latest(commands, key)?.Entry(key);

    public long CurrentRevision() => SqliteRows.Revisions(commands).Current;

    public long CompactedRevision() => SqliteRows.Revisions(commands).Compacted;

    public RangeResult Range(RangeRequest request) => InSnapshot(() =>
    {
        var (current, compacted) = SqliteRows.Revisions(commands);
        var revision = request.Revision == 0 ? current : request.Revision;
        if (revision < compacted)
        {
            throw new CompactedException(revision, compacted);
        }

        if (revision > current)
        {
            throw new ArgumentOutOfRangeException(
                nameof(request), request.Revision, $"revision {revision} is a future revision (the current revision is {current})");
        }

        var bounds = PrefixBounds.For(request.Prefix, request.StartKey);
        var command = commands.Get(request.KeysOnly ? SqliteSql.RangeKeysOnly : SqliteSql.Range);
        command.Parameters[0].Value = bounds.Low;
        command.Parameters[1].Value = bounds.High;
        command.Parameters[2].Value = revision;
        command.Parameters[3].Value = request.Limit == 0 ? -1 : request.Limit + 1;

        var items = new List<KeyValue>();
        var more = false;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (request.Limit != 0 && items.Count == request.Limit)
            {
                more = true;
                break;
            }

            var id = reader.GetInt64(1);
            var createRevision = reader.GetInt64(2) != 0 ? id : reader.GetInt64(3);
            var value = request.KeysOnly ? [] : SqliteRows.Blob(reader, 4);
            var version = reader.GetInt64(request.KeysOnly ? 5 : 6);
            items.Add(new KeyValue(reader.GetString(0), value, createRevision, id, version));
        }

        return new RangeResult(items, more, revision);
    });

    public long Count(string prefix)
    {
        var bounds = PrefixBounds.For(prefix);
        var command = commands.Get(SqliteSql.Count);
        command.Parameters[0].Value = bounds.Low;
        command.Parameters[1].Value = bounds.High;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Changes under <paramref name="bounds"/> after revision <paramref name="after"/>: at most <paramref name="limit"/>,
    /// and no more once their values (current and previous) add up to <paramref name="maxBytes"/>; the first change
    /// is always taken, however large, so a watch always makes progress.
    /// </summary>
    /// <exception cref="CompactedException">History after <paramref name="after"/> is no longer complete.</exception>
    public EventBatch Events(PrefixBounds bounds, long after, int limit, long maxBytes) => InSnapshot(() =>
    {
        var (current, compacted) = SqliteRows.Revisions(commands);
        if (after < compacted)
        {
            throw new CompactedException(after, compacted);
        }

        var command = commands.Get(SqliteSql.Events);
        command.Parameters[0].Value = after;
        command.Parameters[1].Value = bounds.Low;
        command.Parameters[2].Value = bounds.High;
        command.Parameters[3].Value = limit;

        var events = new List<WatchEvent>();
        long bytes = 0;
        using var reader = command.ExecuteReader();
        while (bytes < maxBytes && reader.Read())
        {
            var change = ToEvent(reader);
            events.Add(change);
            bytes += change.KeyValue.Value.Length + (change.PreviousKeyValue?.Value.Length ?? 0);
        }

        var full = events.Count == limit || bytes >= maxBytes;
        return new EventBatch(events, full ? events[^1].Revision : Math.Max(after, current), full);
    });

    public void Dispose() => commands.Dispose();

    // Columns: k.id, k.name, k.created, k.deleted, k.create_revision, k.value, p.id, p.created, p.create_revision, p.value,
    // k.version, p.version.
    private static WatchEvent ToEvent(SqliteDataReader reader)
    {
        var id = reader.GetInt64(0);
        var key = reader.GetString(1);
        var created = reader.GetInt64(2) != 0;
        var deleted = reader.GetInt64(3) != 0;
        KeyValue? previous = null;
        if (!reader.IsDBNull(6))
        {
            var previousId = reader.GetInt64(6);
            var previousCreate = reader.GetInt64(7) != 0 ? previousId : reader.GetInt64(8);
            previous = new KeyValue(key, SqliteRows.Blob(reader, 9), previousCreate, previousId, reader.GetInt64(11));
        }

        if (deleted)
        {
            return new WatchEvent(WatchEventType.Delete, new KeyValue(key, [], 0, id), previous);
        }

        var createRevision = created ? id : reader.GetInt64(4);
        return new WatchEvent(WatchEventType.Put, new KeyValue(key, SqliteRows.Blob(reader, 5), createRevision, id, reader.GetInt64(10)), previous);
    }

    private T InSnapshot<T>(Func<T> read)
    {
        commands.Execute(SqliteSql.Begin);
        try
        {
            var result = read();
            commands.Execute(SqliteSql.Commit);
            return result;
        }
        catch
        {
            try
            {
                commands.Execute(SqliteSql.Rollback);
            }
            catch (SqliteException)
            {
                Reusable = false;
            }

            throw;
        }
    }
}
