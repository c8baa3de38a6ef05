using System.Text;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>What the SQLite backend does beyond the shared contract: files, group commit, other processes, background compaction.</summary>
public sealed class SqliteKeyValueStoreTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory directory = new("sqlite-store");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Database => directory.File("state.db");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Reopen_KeepsValuesRevisionsAndTheCompactedRevision()
    {
        long written;
        long compacted;
        await using (var store = Open())
        {
            var a = await store.CreateAsync("/a", V("a1"), Token);
            await store.UpdateAsync("/a", V("a2"), a.KeyValue!.ModRevision, Token);
            written = (await store.CreateAsync("/b", V("b1"), Token)).Revision;
            compacted = written - 1;
            await store.CompactAsync(compacted, Token);
        }

        await using var reopened = Open();

        Assert.Equal(written, await reopened.CurrentRevisionAsync(Token));
        Assert.Equal(compacted, await reopened.CompactedRevisionAsync(Token));
        Assert.Equal("a2", S((await reopened.GetAsync("/a", Token))!.Value));
        var next = await reopened.CreateAsync("/c", V("c1"), Token);
        Assert.Equal(written + 1, next.KeyValue!.ModRevision);
    }

    [Fact]
    public async Task NewStore_StartsAtRevisionOneLikeEtcd()
    {
        await using var store = Open();

        Assert.Equal(1, await store.CurrentRevisionAsync(Token));
        Assert.Equal(2, (await store.CreateAsync("/a", V("a"), Token)).Revision);
    }

    [Fact]
    public async Task QueuedWrites_AreCommittedTogetherInOneTransaction()
    {
        const int Writers = 64;
        await using var store = Open();
        using var release = new ManualResetEventSlim();
        var holding = store.Writer.RunExclusiveAsync(_ => release.Wait(Deadline), Token);
        var before = store.Writer.Commits;

        var writes = Enumerable.Range(0, Writers).Select(i => store.CreateAsync($"/k/{i}", V($"v{i}"), Token)).ToArray();
        Assert.All(writes, w => Assert.False(w.IsCompleted));
        release.Set();
        Assert.True(await holding, "the writer was held past the deadline");
        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(1, store.Writer.Commits - before);
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => results[0].KeyValue!.ModRevision + i), results.Select(r => r.KeyValue!.ModRevision));
    }

    [Fact]
    public async Task Reads_DoNotWaitForAnOpenWriteTransaction()
    {
        await using var store = Open();
        var a = await store.CreateAsync("/a", V("committed"), Token);
        using var release = new ManualResetEventSlim();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = store.Writer.RunExclusiveAsync(
            commands =>
            {
                commands.Execute(SqliteSql.BeginImmediate);
                using var update = commands.Connection.CreateCommand();
                update.CommandText = "INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value) VALUES ('/a', 0, 0, 0, $prev, x'00')";
                update.Parameters.AddWithValue("$prev", a.KeyValue!.ModRevision);
                update.ExecuteNonQuery();
                inside.SetResult();
                var released = release.Wait(Deadline);
                commands.Execute(SqliteSql.Rollback);
                return released;
            },
            Token);
        await inside.Task.WaitAsync(Deadline, Token);

        var read = await store.GetAsync("/a", Token);
        var range = await store.RangeAsync(new RangeRequest("/"), Token);
        var revision = await store.CurrentRevisionAsync(Token);

        release.Set();
        Assert.True(await holding, "the writer was held past the deadline");
        Assert.Equal("committed", S(read!.Value));
        Assert.Equal("committed", S(Assert.Single(range.Items).Value));
        Assert.Equal(a.Revision, revision);
    }

    [Fact]
    public async Task AQueuedCreate_RacedByAnotherProcess_FailsWithTheirValueAndItsNeighbourSucceeds()
    {
        await using var store = Open();
        using var release = new ManualResetEventSlim();
        var holding = store.Writer.RunExclusiveAsync(_ => release.Wait(Deadline), Token);
        var first = store.CreateAsync("/k/1", V("one"), Token);

        // Another process creates the key after our create was queued but before our group commits.
        var other = Open();
        await other.CreateAsync("/k/1", V("theirs"), Token);
        await other.DisposeAsync();
        var second = store.CreateAsync("/k/2", V("two"), Token);
        release.Set();
        await holding;

        var refused = await first;
        Assert.False(refused.Succeeded);
        Assert.Equal("theirs", S(refused.KeyValue!.Value));
        Assert.True((await second).Succeeded);
    }

    [Fact]
    public async Task AWriteCancelledWhileQueued_IsNotWritten()
    {
        await using var store = Open();
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var holding = store.Writer.RunExclusiveAsync(_ => release.Wait(Deadline), Token);

        var write = store.CreateAsync("/k", V("v"), cancel.Token);
        await cancel.CancelAsync();
        release.Set();
        await holding;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Null(await store.GetAsync("/k", Token));
    }

    [Fact]
    public async Task Watch_SeesWritesOfAnotherProcessByPolling()
    {
        await using var watched = Open(poll: TimeSpan.FromMilliseconds(50));
        await using var other = Open();
        var start = await watched.CurrentRevisionAsync(Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(Deadline);

        var watching = FirstAsync(watched.WatchAsync("/w/", start, deadline.Token));
        var written = await other.CreateAsync("/w/a", V("from elsewhere"), Token);
        var seen = await watching;

        Assert.Equal(written.KeyValue!.ModRevision, seen.Revision);
        Assert.Equal("from elsewhere", S(seen.KeyValue.Value));
    }

    [Fact]
    public async Task Watch_ThatFallsBehindACompaction_ThrowsCompacted()
    {
        await using var store = Open();
        var start = await store.CurrentRevisionAsync(Token);
        var a = await store.CreateAsync("/w/a", V("1"), Token);
        var a2 = await store.UpdateAsync("/w/a", V("2"), a.KeyValue!.ModRevision, Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(Deadline);
        await using var watch = store.WatchAsync("/w/", start, deadline.Token).GetAsyncEnumerator(deadline.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(a.KeyValue.ModRevision, watch.Current.Revision);

        // Events come in batches; everything up to the compaction was already read, so write past it and compact.
        var a3 = await store.UpdateAsync("/w/a", V("3"), a2.KeyValue!.ModRevision, Token);
        await store.UpdateAsync("/w/a", V("4"), a3.KeyValue!.ModRevision, Token);
        await store.CompactAsync(await store.CurrentRevisionAsync(Token), Token);

        Assert.True(await watch.MoveNextAsync());
        var error = await Assert.ThrowsAsync<CompactedException>(async () => await watch.MoveNextAsync());
        Assert.Contains("compacted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackgroundCompaction_KeepsTheNewestRevisionsAndCurrentValues()
    {
        await using var store = Open(compactEvery: TimeSpan.FromMilliseconds(50), retain: 5);
        var created = await store.CreateAsync("/a", V("0"), Token);
        var revision = created.KeyValue!.ModRevision;
        for (var i = 1; i <= 20; i++)
        {
            revision = (await store.UpdateAsync("/a", V($"{i}"), revision, Token)).KeyValue!.ModRevision;
        }

        // A tick may land while the updates run; the ones after the last update move it to the final target.
        var compacted = await WaitUntilAsync(() => store.CompactedRevisionAsync(Token), c => c >= revision - 5);

        Assert.Equal(revision - 5, compacted);
        Assert.Equal("20", S((await store.GetAsync("/a", Token))!.Value));
        var range = await store.RangeAsync(new RangeRequest("/", Revision: compacted), Token);
        Assert.Equal("15", S(Assert.Single(range.Items).Value));
        await Assert.ThrowsAsync<CompactedException>(() => store.RangeAsync(new RangeRequest("/", Revision: compacted - 1), Token));
    }

    [Fact]
    public async Task Compaction_InSmallBatches_ReachesTheTarget()
    {
        await using var store = Open(batch: 3);
        var keys = Enumerable.Range(0, 10).Select(i => $"/k/{i}").ToArray();
        foreach (var key in keys)
        {
            var created = await store.CreateAsync(key, V("old"), Token);
            await store.UpdateAsync(key, V("new"), created.KeyValue!.ModRevision, Token);
        }

        var target = await store.CurrentRevisionAsync(Token);
        await store.CompactAsync(target, Token);

        Assert.Equal(target, await store.CompactedRevisionAsync(Token));
        Assert.Equal(10, CountRows(Database));
        Assert.All((await store.RangeAsync(new RangeRequest("/k/"), Token)).Items, i => Assert.Equal("new", S(i.Value)));
    }

    [Fact]
    public async Task Compaction_RemovesSupersededRowsAndTombstonesButNothingNewer()
    {
        await using var store = Open();
        var a = await store.CreateAsync("/a", V("a1"), Token);
        await store.UpdateAsync("/a", V("a2"), a.KeyValue!.ModRevision, Token);
        var b = await store.CreateAsync("/b", V("b1"), Token);
        await store.DeleteAsync("/b", b.KeyValue!.ModRevision, Token);
        var target = await store.CurrentRevisionAsync(Token);
        var c = await store.CreateAsync("/c", V("c1"), Token);
        await store.UpdateAsync("/c", V("c2"), c.KeyValue!.ModRevision, Token);

        await store.CompactAsync(target, Token);

        // Left: a2 (current), c1 and c2 (after the target).
        Assert.Equal(3, CountRows(Database));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task Range_AtANegativeOrFutureRevision_IsRejected(long revision)
    {
        await using var store = Open();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RangeAsync(new RangeRequest("/", Revision: revision), Token));
        Assert.Contains("evision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_ToAFutureRevision_IsRejected()
    {
        await using var store = Open();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompactAsync(1000, Token));
        Assert.Contains("future revision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_HonoursPrefixesWithNonAsciiCharacters()
    {
        await using var store = Open();
        foreach (var key in new[] { "/ä/1", "/ä/2", "/ä0", "/å/1", "/ä", "/\U0001F600/1", "/\U0001F600/2", "/\U0001F601/1" })
        {
            await store.CreateAsync(key, V(key), Token);
        }

        Assert.Equal(["/ä/1", "/ä/2"], (await store.RangeAsync(new RangeRequest("/ä/"), Token)).Items.Select(i => i.Key));
        Assert.Equal(["/\U0001F600/1", "/\U0001F600/2"], (await store.RangeAsync(new RangeRequest("/\U0001F600/"), Token)).Items.Select(i => i.Key));
        Assert.Equal(8, await store.CountAsync(string.Empty, Token));
        Assert.Equal(2, await store.CountAsync("/\U0001F600", Token));
    }

    [Fact]
    public async Task Open_RefusesAnSqliteFileThatIsNotOurs()
    {
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => Open());

        Assert.Contains("not an AtRest state database", error.Message, StringComparison.Ordinal);
        Assert.Contains("invoices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RefusesAFileThatIsNotSqlite()
    {
        File.WriteAllText(Database, new string('x', 8192));

        var error = Assert.Throws<InvalidOperationException>(() => Open());

        Assert.Contains(Database, error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 8192), File.ReadAllText(Database));
    }

    [Fact]
    public async Task Write_WithAnEmptyKey_IsRejected()
    {
        await using var store = Open();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(string.Empty, V("v"), Token));
    }

    [Fact]
    public async Task AfterDispose_CallsFailClearly()
    {
        var store = Open();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync("/a", V("v"), Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("/a", Token));
    }

    [Fact]
    public async Task Dispose_EndsARunningWatch()
    {
        var store = Open();
        var watching = FirstAsync(store.WatchAsync("/", 0, Token));

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => watching.WaitAsync(Deadline, Token));
    }

    private SqliteKeyValueStore Open(TimeSpan? poll = null, TimeSpan? compactEvery = null, long retain = 1000, int batch = 10_000) =>
        SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions
        {
            DatabasePath = Database,
            WatchPollInterval = poll ?? TimeSpan.FromSeconds(1),
            CompactionInterval = compactEvery ?? TimeSpan.Zero,
            CompactionRetainedRevisions = retain,
            CompactionBatchRevisions = batch,
        });

    private static long CountRows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM kv";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.False(deadline.IsCancellationRequested, $"the condition did not hold within {Deadline} (last value {value})");
            await Task.Delay(20, Token);
        }
    }

    private static async Task<WatchEvent> FirstAsync(IAsyncEnumerable<WatchEvent> watch)
    {
        await foreach (var e in watch)
        {
            return e;
        }

        throw new InvalidOperationException("the watch ended without an event");
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static string S(byte[] value) => Encoding.UTF8.GetString(value);
}
