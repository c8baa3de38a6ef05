using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>
/// The single writer. It takes every write queued at that moment, applies them in one IMMEDIATE transaction,
/// commits once (one WAL fsync under <c>synchronous=FULL</c>), and only then completes their tasks: a caller
/// hears "done" only for a durable write, and 64 concurrent callers share one fsync instead of queueing for 64.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    // SQLITE_FULL: the write needed a page the file system could not give (or the database reached its size limit).
    private const int SqliteFull = 13;

    private readonly Channel<WriterWork> queue = Channel.CreateUnbounded<WriterWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteCommands commands;
    private readonly int maxBatch;
    private readonly Action<long> committed;
    private readonly Task loop;
    private long commits;
    private volatile string? insufficientStorage;

    /// <param name="connection">The writer connection, which this class now owns.</param>
    /// <param name="maxBatch">Most writes per transaction.</param>
    /// <param name="committed">Called after each commit with the store's revision.</param>
    public SqliteWriter(SqliteConnection connection, int maxBatch, Action<long> committed)
    {
        commands = new SqliteCommands(connection);
        this.maxBatch = maxBatch;
        this.committed = committed;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Write transactions committed so far (group commit makes this smaller than the number of writes).</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>Why the last write transaction failed for lack of space; null once one commits again.</summary>
    public string? InsufficientStorage => insufficientStorage;

    public Task<WriteResult> WriteAsync(WriteKind kind, string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken, long expiresAtMs = 0)
    {
        var request = new WriteRequest(kind, key, value, expectedModRevision, cancellationToken, expiresAtMs);
        Enqueue(request);
        return request.Task;
    }

    /// <summary>Queues the writes as one item: they commit in one transaction (a stale one fails alone, as its own write would).</summary>
    public Task<WriteResult[]> WriteManyAsync(IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        Enqueue(new WriteBatch(requests, cancellationToken));
        return Task.WhenAll(requests.Select(r => r.Task));
    }

    /// <summary>Runs <paramref name="action"/> alone on the writer connection, in queue order with the writes.</summary>
    public Task<T> RunExclusiveAsync<T>(Func<SqliteCommands, T> action, CancellationToken cancellationToken)
    {
        var work = new ExclusiveWork<T>(action, cancellationToken);
        Enqueue(work);
        return work.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
        commands.Dispose();
    }

    private void Enqueue(WriterWork work)
    {
        if (!queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(SqliteKeyValueStore), "the SQLite store is closed");
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriterWork>(maxBatch);
        var writes = new List<WriteRequest>(maxBatch);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            foreach (var work in batch)
            {
                if (work.CancellationToken.IsCancellationRequested)
                {
                    work.Abandon(null);
                }
                else if (work is WriteRequest write)
                {
                    writes.Add(write);
                }
                else if (work is WriteBatch many)
                {
                    // Joins the group whole, even past maxBatch: the caller asked for one transaction.
                    writes.AddRange(many.Requests);
                }
                else
                {
                    // Exclusive work keeps its place in the queue order: writes queued before it commit first.
                    CommitGroup(writes);
                    writes.Clear();
                    ((ExclusiveWork)work).Run(commands);
                }
            }

            CommitGroup(writes);
            writes.Clear();
            batch.Clear();
        }
    }

    private void CommitGroup(List<WriteRequest> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        WriteResult[] results;
        long revision;
        try
        {
            (results, revision) = Apply(group);
        }
        catch (Exception) when (group.Count > 1)
        {
            // One bad write must not fail its neighbours: give each its own transaction.
            foreach (var write in group)
            {
                CommitGroup([write]);
            }

            return;
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteFull)
        {
            var reason = $"the SQLite state database {commands.Connection.DataSource} cannot grow: database or disk is full";
            insufficientStorage = reason;
            group[0].Fail(new InsufficientStorageException(reason, error));
            return;
        }
        catch (Exception error)
        {
            group[0].Fail(error);
            return;
        }

        insufficientStorage = null;
        Interlocked.Increment(ref commits);
        committed(revision);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(results[i]);
        }
    }

    private (WriteResult[] Results, long Revision) Apply(List<WriteRequest> group)
    {
        commands.Execute(SqliteSql.BeginImmediate);
        try
        {
            // Another process may have appended since our last commit; its rows count.
            var revision = SqliteRows.Revisions(commands).Current;
            var results = new WriteResult[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                results[i] = Apply(group[i], ref revision);
                if (results[i].Succeeded && group[i].ExpiresAtMs > 0)
                {
                    SqliteExpiry.Set(commands, group[i].Key, revision, group[i].ExpiresAtMs);
                }
            }

            commands.Execute(SqliteSql.Commit);
            return (results, revision);
        }
        catch
        {
            RollbackQuietly();
            throw;
        }
    }

    private WriteResult Apply(WriteRequest write, ref long revision)
    {
        var latest = SqliteRows.Latest(commands, write.Key);
        var current = latest?.Entry(write.Key);
        switch (write.Kind)
        {
            case WriteKind.Create when current is null:
                revision = Append(commands, revision + 1, write.Key, created: true, deleted: false, createRevision: 0, previous: latest?.Id ?? 0, write.Value, version: 1);
                return new WriteResult(true, new KeyValue(write.Key, write.Value, revision, revision, 1), revision);

            case WriteKind.Update when current is not null && current.ModRevision == write.ExpectedModRevision:
                revision = Append(commands, revision + 1, write.Key, created: false, deleted: false, current.CreateRevision, current.ModRevision, write.Value, current.Version + 1);
                return new WriteResult(true, new KeyValue(write.Key, write.Value, current.CreateRevision, revision, current.Version + 1), revision);

            case WriteKind.Delete when current is not null && (write.ExpectedModRevision == 0 || current.ModRevision == write.ExpectedModRevision):
                revision = Append(commands, revision + 1, write.Key, created: false, deleted: true, current.CreateRevision, current.ModRevision, [], version: 0);
                return new WriteResult(true, current, revision);

            default:
                return new WriteResult(false, current, revision);
        }
    }

    /// <summary>Appends the row with id <paramref name="id"/> and returns that id, the new revision.</summary>
    internal static long Append(SqliteCommands commands, long id, string key, bool created, bool deleted, long createRevision, long previous, byte[] value, long version)
    {
        var command = commands.Get(SqliteSql.Append);
        command.Parameters[0].Value = id;
        command.Parameters[1].Value = key;
        command.Parameters[2].Value = created ? 1 : 0;
        command.Parameters[3].Value = deleted ? 1 : 0;
        command.Parameters[4].Value = createRevision;
        command.Parameters[5].Value = previous;
        command.Parameters[6].Value = value;
        command.Parameters[7].Value = version;
        command.ExecuteNonQuery();
        return id;
    }

    private void RollbackQuietly()
    {
        try
        {
            commands.Execute(SqliteSql.Rollback);
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (e.g. after an I/O error during COMMIT).
        }
    }
}
