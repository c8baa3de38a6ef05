using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>
/// A watch over large values reads ahead of its consumer by a bounded number of bytes, not a number of rows:
/// a consumer that stops after one event must not make the store hold the whole history in memory.
/// </summary>
public sealed class SqliteWatchReadAheadTests : IDisposable
{
    private const int Values = 40;
    private const int ValueSize = 900 * 1024;

    private readonly TempDirectory directory = new("sqlite-watch");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task FirstEvent_OfAWatchOverLargeValues_ReadsAboutOneValueNotTheWholeHistory()
    {
        await using var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var start = await store.CurrentRevisionAsync(Token);
        await WriteLargeValuesAsync(store);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await using var watch = store.WatchAsync("/big/", start, deadline.Token).GetAsyncEnumerator(deadline.Token);

        // The first step reads its batch synchronously on this thread, so this thread's allocations are the batch.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var step = watch.MoveNextAsync();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(step.IsCompleted, "the first batch was expected to be read without waiting");
        Assert.True(await step);

        // 40 values of 900 KB are 36 MB; a batch stops at 512 KiB of values, so it holds the first value alone.
        Assert.True(allocated < 4L * 1024 * 1024, $"the first event of the watch allocated {allocated:N0} bytes: the watch read far ahead of its consumer");
    }

    [Fact]
    public async Task WatchOverLargeValues_DeliversEveryEventOnceInRevisionOrder()
    {
        await using var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var start = await store.CurrentRevisionAsync(Token);
        var written = await WriteLargeValuesAsync(store);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));

        var seen = new List<long>();
        await foreach (var change in store.WatchAsync("/big/", start, deadline.Token))
        {
            Assert.Equal(ValueSize, change.KeyValue.Value.Length);
            seen.Add(change.Revision);
            if (seen.Count == Values)
            {
                break;
            }
        }

        Assert.Equal(written, seen);
    }

    private static async Task<List<long>> WriteLargeValuesAsync(SqliteKeyValueStore store)
    {
        var revisions = new List<long>();
        var value = new byte[ValueSize];
        for (var i = 0; i < Values; i++)
        {
            Random.Shared.NextBytes(value);
            revisions.Add((await store.CreateAsync($"/big/{i:D3}", value, Token)).Revision);
        }

        return revisions;
    }
}
