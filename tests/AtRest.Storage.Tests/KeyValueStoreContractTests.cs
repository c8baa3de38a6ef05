using System.Text;

namespace AtRest.Storage.Tests;

/// <summary>
/// Behaviour every <see cref="IKeyValueStore"/> backend must show, run unchanged against each one.
/// A subclass supplies the store; every test works under its own random key prefix so that backends
/// sharing one server across tests (etcd) see no interference.
/// </summary>
public abstract class KeyValueStoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(30);

    private IKeyValueStore? store;

    /// <summary>The store under test, created fresh for each test.</summary>
    protected IKeyValueStore Store => store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    /// <summary>The key prefix owned by the running test (ends with '/').</summary>
    protected string Prefix { get; } = $"/contract/{Guid.NewGuid():N}/";

    /// <summary>Opens the backend under test.</summary>
    protected abstract Task<IKeyValueStore> CreateStoreAsync();

    /// <summary>Releases the backend after a test; the default disposes it.</summary>
    protected virtual async Task DestroyStoreAsync(IKeyValueStore created) => await created.DisposeAsync();

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => store = await CreateStoreAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await DestroyStoreAsync(store);
        }

        GC.SuppressFinalize(this);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string K(string name) => Prefix + name;

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static string S(byte[] value) => Encoding.UTF8.GetString(value);

    [Fact]
    public async Task Create_WhenAbsent_StoresTheValueAtANewRevision()
    {
        var before = await Store.CurrentRevisionAsync(Token);

        var created = await Store.CreateAsync(K("a"), V("one"), Token);

        Assert.True(created.Succeeded);
        Assert.NotNull(created.KeyValue);
        Assert.Equal(K("a"), created.KeyValue.Key);
        Assert.Equal("one", S(created.KeyValue.Value));
        Assert.True(created.KeyValue.ModRevision > before);
        Assert.Equal(created.KeyValue.ModRevision, created.KeyValue.CreateRevision);
        Assert.True(created.Revision >= created.KeyValue.ModRevision);
        Assert.True(await Store.CurrentRevisionAsync(Token) >= created.KeyValue.ModRevision);

        var read = await Store.GetAsync(K("a"), Token);
        Assert.Equal(created.KeyValue.Key, read?.Key);
        Assert.Equal("one", S(read!.Value));
        Assert.Equal(created.KeyValue.ModRevision, read.ModRevision);
        Assert.Equal(created.KeyValue.CreateRevision, read.CreateRevision);
    }

    [Fact]
    public async Task UpdateMany_OneStaleExpectedRevision_UpdatesTheOthersAndReportsThatConflict()
    {
        var created = new List<KeyValue>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Store.CreateAsync(K($"b{i}"), V($"old-{i}"), Token)).KeyValue!);
        }

        // A concurrent writer changes b2 after the batch read it: its write must win and must not be lost.
        var concurrent = await Store.UpdateAsync(K("b2"), V("client"), created[2].ModRevision, Token);
        var updates = created.Select((kv, i) => new ConditionalUpdate(kv.Key, V($"new-{i}"), kv.ModRevision)).ToList();

        var results = await Store.UpdateManyAsync(updates, Token);

        Assert.Equal(5, results.Count);
        Assert.False(results[2].Succeeded);
        Assert.Equal("client", S(results[2].KeyValue!.Value));
        Assert.Equal(concurrent.KeyValue!.ModRevision, results[2].KeyValue!.ModRevision);
        foreach (var i in new[] { 0, 1, 3, 4 })
        {
            Assert.True(results[i].Succeeded);
            Assert.Equal($"new-{i}", S(results[i].KeyValue!.Value));
            Assert.Equal(created[i].CreateRevision, results[i].KeyValue!.CreateRevision);
            var read = await Store.GetAsync(K($"b{i}"), Token);
            Assert.Equal($"new-{i}", S(read!.Value));
            Assert.Equal(results[i].KeyValue!.ModRevision, read.ModRevision);
        }

        Assert.Equal("client", S((await Store.GetAsync(K("b2"), Token))!.Value));
    }

    [Fact]
    public async Task UpdateMany_AbsentKey_FailsAloneWithNoEntry()
    {
        var a = (await Store.CreateAsync(K("a"), V("one"), Token)).KeyValue!;

        var results = await Store.UpdateManyAsync([new ConditionalUpdate(K("missing"), V("x"), a.ModRevision), new ConditionalUpdate(K("a"), V("two"), a.ModRevision)], Token);

        Assert.False(results[0].Succeeded);
        Assert.Null(results[0].KeyValue);
        Assert.True(results[1].Succeeded);
        Assert.Equal("two", S((await Store.GetAsync(K("a"), Token))!.Value));
    }

    [Fact]
    public async Task UpdateMany_BeyondEtcdsTxnOperationAndRequestSizeLimits_WritesEveryKey()
    {
        // 300 keys exceed etcd's default --max-txn-ops of 128; 300 × 8 KiB exceed its 1.5 MiB request limit.
        var created = new List<KeyValue>();
        for (var i = 0; i < 300; i++)
        {
            created.Add((await Store.CreateAsync(K($"many/{i:D3}"), V("old"), Token)).KeyValue!);
        }

        var value = new byte[8 * 1024];
        var results = await Store.UpdateManyAsync(created.Select(kv => new ConditionalUpdate(kv.Key, value, kv.ModRevision)).ToList(), Token);

        Assert.All(results, r => Assert.True(r.Succeeded));
        var page = await Store.RangeAsync(new RangeRequest(K("many/"), null, 0), Token);
        Assert.Equal(300, page.Items.Count);
        Assert.All(page.Items, kv => Assert.Equal(value.Length, kv.Value.Length));
    }

    [Fact]
    public async Task Create_WithATimeToLive_ExpiresAndWatchSeesTheDelete()
    {
        var start = await Store.CurrentRevisionAsync(Token);

        var created = await Store.CreateAsync(K("ttl/a"), V("short-lived"), TimeSpan.FromSeconds(1), Token);

        Assert.True(created.Succeeded);
        Assert.Equal("short-lived", S((await Store.GetAsync(K("ttl/a"), Token))!.Value));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);
        var events = await CollectAsync(Store.WatchAsync(K("ttl/"), start, deadline.Token), 2);
        Assert.Equal([WatchEventType.Put, WatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal("short-lived", S(events[1].PreviousKeyValue!.Value));
        Assert.Null(await Store.GetAsync(K("ttl/a"), Token));
        Assert.Empty((await Store.RangeAsync(new RangeRequest(K("ttl/"), null, 0, 0), Token)).Items);
    }

    [Fact]
    public async Task Update_WithATimeToLive_ExpiresTheNewValue_AndAWriteWithoutOneKeepsTheKey()
    {
        var start = await Store.CurrentRevisionAsync(Token);
        var kept = await Store.CreateAsync(K("ttl/kept"), V("v1"), TimeSpan.FromSeconds(1), Token);
        await Store.UpdateAsync(K("ttl/kept"), V("v2"), kept.KeyValue!.ModRevision, Token);
        var expiring = await Store.CreateAsync(K("ttl/gone"), V("v1"), Token);

        var updated = await Store.UpdateAsync(K("ttl/gone"), V("v2"), expiring.KeyValue!.ModRevision, TimeSpan.FromSeconds(1), Token);

        Assert.True(updated.Succeeded);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);
        // Put, put, put, put, then the only delete: that of the key whose last write carried the TTL.
        var events = await CollectAsync(Store.WatchAsync(K("ttl/"), start, deadline.Token), 5);
        Assert.Equal(WatchEventType.Delete, events[4].Type);
        Assert.Equal(K("ttl/gone"), events[4].KeyValue.Key);
        Assert.Null(await Store.GetAsync(K("ttl/gone"), Token));
        // kept's TTL was set before gone's, so it has passed too: the write without one detached it.
        Assert.Equal("v2", S((await Store.GetAsync(K("ttl/kept"), Token))!.Value));
    }

    [Fact]
    public async Task Get_AbsentKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(K("missing"), Token));
    }

    [Fact]
    public async Task Create_WhenPresent_FailsAndReturnsTheExistingEntry()
    {
        var first = await Store.CreateAsync(K("a"), V("one"), Token);

        var second = await Store.CreateAsync(K("a"), V("two"), Token);

        Assert.False(second.Succeeded);
        Assert.NotNull(second.KeyValue);
        Assert.Equal("one", S(second.KeyValue.Value));
        Assert.Equal(first.KeyValue!.ModRevision, second.KeyValue.ModRevision);
        Assert.Equal("one", S((await Store.GetAsync(K("a"), Token))!.Value));
    }

    [Fact]
    public async Task Update_WithTheCurrentModRevision_ReplacesTheValueAndKeepsTheCreateRevision()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), Token);

        var updated = await Store.UpdateAsync(K("a"), V("two"), created.KeyValue!.ModRevision, Token);

        Assert.True(updated.Succeeded);
        Assert.Equal("two", S(updated.KeyValue!.Value));
        Assert.True(updated.KeyValue.ModRevision > created.KeyValue.ModRevision);
        Assert.Equal(created.KeyValue.CreateRevision, updated.KeyValue.CreateRevision);
        var read = await Store.GetAsync(K("a"), Token);
        Assert.Equal("two", S(read!.Value));
        Assert.Equal(updated.KeyValue.ModRevision, read.ModRevision);
    }

    [Fact]
    public async Task Update_WithAStaleModRevision_FailsAndReturnsTheCurrentEntry()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), Token);
        var updated = await Store.UpdateAsync(K("a"), V("two"), created.KeyValue!.ModRevision, Token);

        var stale = await Store.UpdateAsync(K("a"), V("three"), created.KeyValue.ModRevision, Token);

        Assert.False(stale.Succeeded);
        Assert.Equal("two", S(stale.KeyValue!.Value));
        Assert.Equal(updated.KeyValue!.ModRevision, stale.KeyValue.ModRevision);
        Assert.Equal("two", S((await Store.GetAsync(K("a"), Token))!.Value));
    }

    [Fact]
    public async Task Update_OfAnAbsentKey_FailsWithNoEntry()
    {
        var result = await Store.UpdateAsync(K("missing"), V("x"), 1, Token);

        Assert.False(result.Succeeded);
        Assert.Null(result.KeyValue);
        Assert.Null(await Store.GetAsync(K("missing"), Token));
    }

    [Fact]
    public async Task Delete_WithTheCurrentModRevision_RemovesTheKeyAndReturnsTheDeletedEntry()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), Token);

        var deleted = await Store.DeleteAsync(K("a"), created.KeyValue!.ModRevision, Token);

        Assert.True(deleted.Succeeded);
        Assert.Equal("one", S(deleted.KeyValue!.Value));
        Assert.Equal(created.KeyValue.ModRevision, deleted.KeyValue.ModRevision);
        Assert.True(deleted.Revision > created.KeyValue.ModRevision);
        Assert.Null(await Store.GetAsync(K("a"), Token));
    }

    [Fact]
    public async Task Delete_WithAStaleModRevision_FailsAndKeepsTheKey()
    {
        var created = await Store.CreateAsync(K("a"), V("one"), Token);
        var updated = await Store.UpdateAsync(K("a"), V("two"), created.KeyValue!.ModRevision, Token);

        var stale = await Store.DeleteAsync(K("a"), created.KeyValue.ModRevision, Token);

        Assert.False(stale.Succeeded);
        Assert.Equal("two", S(stale.KeyValue!.Value));
        Assert.Equal(updated.KeyValue!.ModRevision, stale.KeyValue.ModRevision);
        Assert.NotNull(await Store.GetAsync(K("a"), Token));
    }

    [Fact]
    public async Task Delete_Unconditional_RemovesWhateverIsThere()
    {
        await Store.CreateAsync(K("a"), V("one"), Token);

        var deleted = await Store.DeleteAsync(K("a"), 0, Token);

        Assert.True(deleted.Succeeded);
        Assert.Equal("one", S(deleted.KeyValue!.Value));
        Assert.Null(await Store.GetAsync(K("a"), Token));
    }

    [Fact]
    public async Task Delete_OfAnAbsentKey_FailsWithNoEntry()
    {
        var result = await Store.DeleteAsync(K("missing"), 0, Token);

        Assert.False(result.Succeeded);
        Assert.Null(result.KeyValue);
    }

    [Fact]
    public async Task Create_AfterDelete_StartsANewIncarnation()
    {
        var first = await Store.CreateAsync(K("a"), V("one"), Token);
        await Store.DeleteAsync(K("a"), first.KeyValue!.ModRevision, Token);

        var again = await Store.CreateAsync(K("a"), V("two"), Token);

        Assert.True(again.Succeeded);
        Assert.True(again.KeyValue!.CreateRevision > first.KeyValue.CreateRevision);
        Assert.Equal(again.KeyValue.ModRevision, again.KeyValue.CreateRevision);
        Assert.Equal("two", S((await Store.GetAsync(K("a"), Token))!.Value));
    }

    [Fact]
    public async Task ConcurrentUpdates_FromTheSameRevision_HaveExactlyOneWinner()
    {
        const int Contenders = 32;
        var created = await Store.CreateAsync(K("a"), V("start"), Token);
        var expected = created.KeyValue!.ModRevision;
        using var go = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(
                async () =>
                {
                    go.Wait(Token);
                    return await Store.UpdateAsync(K("a"), V($"writer-{i}"), expected, Token);
                },
                Token))
            .ToArray();
        go.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Succeeded);
        var current = await Store.GetAsync(K("a"), Token);
        Assert.Equal(S(winner.KeyValue!.Value), S(current!.Value));
        Assert.Equal(winner.KeyValue.ModRevision, current.ModRevision);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.KeyValue!.ModRevision > expected));
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneKey_HaveExactlyOneWinner()
    {
        const int Contenders = 32;
        using var go = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(
                async () =>
                {
                    go.Wait(Token);
                    return await Store.CreateAsync(K("a"), V($"writer-{i}"), Token);
                },
                Token))
            .ToArray();
        go.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(
            results.Where(r => !r.Succeeded),
            r => Assert.Equal(winner.KeyValue!.ModRevision, r.KeyValue!.ModRevision));
        Assert.Equal(S(winner.KeyValue!.Value), S((await Store.GetAsync(K("a"), Token))!.Value));
    }

    [Fact]
    public async Task ConcurrentWrites_ToDistinctKeys_AllSucceedWithDistinctRevisions()
    {
        const int Writers = 64;

        var results = await Task.WhenAll(
            Enumerable.Range(0, Writers).Select(i => Task.Run(() => Store.CreateAsync(K($"k{i:D3}"), V($"v{i}"), Token), Token)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(Writers, results.Select(r => r.KeyValue!.ModRevision).Distinct().Count());
        Assert.Equal(Writers, await Store.CountAsync(Prefix, Token));
    }

    [Fact]
    public async Task Range_ReturnsOnlyKeysUnderThePrefixInKeyOrder()
    {
        await Store.CreateAsync(K("dir/b"), V("b"), Token);
        await Store.CreateAsync(K("dir/a"), V("a"), Token);
        await Store.CreateAsync(K("dir/c"), V("c"), Token);
        await Store.CreateAsync(K("dir0"), V("sibling just past the prefix"), Token);
        await Store.CreateAsync(K("dia"), V("sibling just before the prefix"), Token);

        var result = await Store.RangeAsync(new RangeRequest(K("dir/")), Token);

        Assert.Equal([K("dir/a"), K("dir/b"), K("dir/c")], result.Items.Select(i => i.Key));
        Assert.Equal(["a", "b", "c"], result.Items.Select(i => S(i.Value)));
        Assert.False(result.More);
        Assert.True(result.Revision >= result.Items.Max(i => i.ModRevision));
    }

    [Fact]
    public async Task Range_LeavesOutDeletedKeysAndShowsLatestValues()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), Token);
        var b = await Store.CreateAsync(K("b"), V("b1"), Token);
        await Store.UpdateAsync(K("a"), V("a2"), a.KeyValue!.ModRevision, Token);
        await Store.DeleteAsync(K("b"), b.KeyValue!.ModRevision, Token);

        var result = await Store.RangeAsync(new RangeRequest(Prefix), Token);

        var only = Assert.Single(result.Items);
        Assert.Equal("a2", S(only.Value));
        Assert.Equal(a.KeyValue.CreateRevision, only.CreateRevision);
    }

    [Fact]
    public async Task Range_KeysOnly_LeavesValuesEmpty()
    {
        await Store.CreateAsync(K("a"), V("value"), Token);

        var result = await Store.RangeAsync(new RangeRequest(Prefix, KeysOnly: true), Token);

        var only = Assert.Single(result.Items);
        Assert.Equal(K("a"), only.Key);
        Assert.Empty(only.Value);
        Assert.True(only.ModRevision > 0);
    }

    [Fact]
    public async Task Range_WithALimit_ReportsMoreAndContinuesFromTheStartKey()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync(K($"k{i}"), V($"v{i}"), Token);
        }

        var first = await Store.RangeAsync(new RangeRequest(Prefix, Limit: 2), Token);
        var second = await Store.RangeAsync(new RangeRequest(Prefix, StartKey: first.Items[^1].Key + "\0", Limit: 2, Revision: first.Revision), Token);
        var third = await Store.RangeAsync(new RangeRequest(Prefix, StartKey: second.Items[^1].Key + "\0", Limit: 2, Revision: first.Revision), Token);

        Assert.True(first.More);
        Assert.True(second.More);
        Assert.False(third.More);
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => K($"k{i}")),
            first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Key));
        Assert.Equal(first.Revision, second.Revision);
        Assert.Equal(first.Revision, third.Revision);
    }

    [Fact]
    public async Task Range_PagedAtAFixedRevision_MatchesTheSnapshotWhileWritesGoOn()
    {
        const int Keys = 60;
        var live = new Dictionary<string, long>();
        for (var i = 0; i < Keys; i++)
        {
            var created = await Store.CreateAsync(K($"k{i:D3}"), V($"v{i}"), Token);
            live[created.KeyValue!.Key] = created.KeyValue.ModRevision;
        }

        var snapshot = await Store.RangeAsync(new RangeRequest(Prefix), Token);
        var random = new Random(7);
        var paged = new List<KeyValue>();
        string? start = null;
        RangeResult page;
        do
        {
            page = await Store.RangeAsync(new RangeRequest(Prefix, StartKey: start, Limit: 7, Revision: snapshot.Revision), Token);
            paged.AddRange(page.Items);
            start = page.Items.Count > 0 ? page.Items[^1].Key + "\0" : null;
            Assert.Equal(snapshot.Revision, page.Revision);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ChurnAsync(Keys, live, random)));
        }
        while (page.More);

        Assert.Equal(Keys, snapshot.Items.Count);
        Assert.Equal(Describe(snapshot.Items), Describe(paged));
        var now = await Store.RangeAsync(new RangeRequest(Prefix), Token);
        Assert.NotEqual(Describe(snapshot.Items), Describe(now.Items));
    }

    // Updates, deletes or re-creates one random key under the prefix, tracking the live keys' mod revisions.
    private async Task ChurnAsync(int keys, Dictionary<string, long> live, Random random)
    {
        string key;
        long rev;
        bool exists;
        lock (live)
        {
            key = K($"k{random.Next(keys):D3}");
            exists = live.Remove(key, out rev);
        }

        var delete = exists && random.Next(4) == 0;
        var result = !exists
            ? await Store.CreateAsync(key, V("recreated"), Token)
            : delete
                ? await Store.DeleteAsync(key, rev, Token)
                : await Store.UpdateAsync(key, V($"changed-{rev}"), rev, Token);
        if (!result.Succeeded)
        {
            // Two churners picked the same key; the loser leaves it to the winner.
            return;
        }

        if (!delete)
        {
            lock (live)
            {
                live[key] = result.KeyValue!.ModRevision;
            }
        }
    }

    private static List<string> Describe(IEnumerable<KeyValue> items) =>
        items.Select(i => $"{i.Key}={S(i.Value)}@{i.CreateRevision}/{i.ModRevision}").ToList();

    [Fact]
    public async Task Count_CountsLiveKeysUnderThePrefix()
    {
        var a = await Store.CreateAsync(K("x/a"), V("a"), Token);
        await Store.CreateAsync(K("x/b"), V("b"), Token);
        await Store.CreateAsync(K("x/c"), V("c"), Token);
        await Store.CreateAsync(K("y/a"), V("other prefix"), Token);
        await Store.UpdateAsync(K("x/a"), V("a2"), a.KeyValue!.ModRevision, Token);
        await Store.DeleteAsync(K("x/c"), 0, Token);

        Assert.Equal(2, await Store.CountAsync(K("x/"), Token));
        Assert.Equal(3, await Store.CountAsync(Prefix, Token));
        Assert.Equal(0, await Store.CountAsync(K("z/"), Token));
    }

    [Fact]
    public async Task Watch_DeliversEveryChangeInRevisionOrderWithPreviousValues()
    {
        var start = await Store.CurrentRevisionAsync(Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);
        var watching = CollectAsync(Store.WatchAsync(K("w/"), start, deadline.Token), 5);

        var a1 = await Store.CreateAsync(K("w/a"), V("a1"), Token);
        await Store.CreateAsync(K("elsewhere"), V("not watched"), Token);
        var b1 = await Store.CreateAsync(K("w/b"), V("b1"), Token);
        var a2 = await Store.UpdateAsync(K("w/a"), V("a2"), a1.KeyValue!.ModRevision, Token);
        var bDeleted = await Store.DeleteAsync(K("w/b"), b1.KeyValue!.ModRevision, Token);
        var a3 = await Store.UpdateAsync(K("w/a"), V("a3"), a2.KeyValue!.ModRevision, Token);

        var events = await watching;

        Assert.Equal(
            [a1.KeyValue.ModRevision, b1.KeyValue.ModRevision, a2.KeyValue.ModRevision, bDeleted.Revision, a3.KeyValue!.ModRevision],
            events.Select(e => e.Revision));
        Assert.Equal(
            [WatchEventType.Put, WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete, WatchEventType.Put],
            events.Select(e => e.Type));
        Assert.Equal([K("w/a"), K("w/b"), K("w/a"), K("w/b"), K("w/a")], events.Select(e => e.KeyValue.Key));
        Assert.Equal(["a1", "b1", "a2", "", "a3"], events.Select(e => S(e.KeyValue.Value)));
        Assert.Equal([null, null, "a1", "b1", "a2"], events.Select(e => e.PreviousKeyValue is null ? null : S(e.PreviousKeyValue.Value)));
        Assert.Equal(a1.KeyValue.ModRevision, events[2].PreviousKeyValue!.ModRevision);
        Assert.Equal(b1.KeyValue.ModRevision, events[3].PreviousKeyValue!.ModRevision);
        Assert.Equal(a1.KeyValue.CreateRevision, events[4].KeyValue.CreateRevision);
    }

    [Fact]
    public async Task Watch_FromAPastRevision_ReplaysHistoryBeforeNewChanges()
    {
        var a1 = await Store.CreateAsync(K("a"), V("a1"), Token);
        var a2 = await Store.UpdateAsync(K("a"), V("a2"), a1.KeyValue!.ModRevision, Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);

        var watching = CollectAsync(Store.WatchAsync(Prefix, a1.KeyValue.ModRevision, deadline.Token), 2);
        var a3 = await Store.UpdateAsync(K("a"), V("a3"), a2.KeyValue!.ModRevision, Token);
        var events = await watching;

        Assert.Equal([a2.KeyValue.ModRevision, a3.KeyValue!.ModRevision], events.Select(e => e.Revision));
        Assert.Equal(["a2", "a3"], events.Select(e => S(e.KeyValue.Value)));
    }

    [Fact]
    public async Task Watch_ResumedFromTheLastSeenRevision_LosesAndRepeatsNothing()
    {
        const int Writes = 40;
        var start = await Store.CurrentRevisionAsync(Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);
        var writer = Task.Run(
            async () =>
            {
                var revisions = new List<long>();
                for (var i = 0; i < Writes; i++)
                {
                    revisions.Add((await Store.CreateAsync(K($"k{i:D2}"), V($"v{i}"), Token)).KeyValue!.ModRevision);
                }

                return revisions;
            },
            Token);

        // Stop the first watch by leaving the loop, the second by cancelling its token, and resume each time
        // from the last revision received.
        var seen = new List<WatchEvent>();
        var first = await CollectAsync(Store.WatchAsync(Prefix, start, deadline.Token), 7);
        seen.AddRange(first);
        var second = await CollectThenCancelAsync(token => Store.WatchAsync(Prefix, first[^1].Revision, token), 13, deadline.Token);
        seen.AddRange(second);
        if (seen.Count < Writes)
        {
            seen.AddRange(await CollectAsync(Store.WatchAsync(Prefix, seen[^1].Revision, deadline.Token), Writes - seen.Count));
        }

        var written = await writer;
        Assert.Equal(written, seen.Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(0, Writes).Select(i => $"v{i}"), seen.Select(e => S(e.KeyValue.Value)));
    }

    [Fact]
    public async Task Watch_FromACompactedRevision_ThrowsCompacted()
    {
        var first = await Store.CreateAsync(K("a"), V("1"), Token);
        var second = await Store.UpdateAsync(K("a"), V("2"), first.KeyValue!.ModRevision, Token);
        var third = await Store.UpdateAsync(K("a"), V("3"), second.KeyValue!.ModRevision, Token);
        await Store.CompactAsync(third.KeyValue!.ModRevision, Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);

        var error = await Assert.ThrowsAsync<CompactedException>(
            () => CollectAsync(Store.WatchAsync(Prefix, first.KeyValue.ModRevision - 1, deadline.Token), 1));

        Assert.Contains("compacted", error.Message, StringComparison.Ordinal);
        Assert.True(error.CompactedRevision >= third.KeyValue.ModRevision - 1);
    }

    [Fact]
    public async Task Watch_FromTheCompactedRevision_StillWorks()
    {
        var first = await Store.CreateAsync(K("a"), V("1"), Token);
        var second = await Store.UpdateAsync(K("a"), V("2"), first.KeyValue!.ModRevision, Token);
        await Store.CompactAsync(second.KeyValue!.ModRevision, Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(WatchDeadline);

        var watching = CollectAsync(Store.WatchAsync(Prefix, second.KeyValue.ModRevision, deadline.Token), 1);
        var third = await Store.UpdateAsync(K("a"), V("3"), second.KeyValue.ModRevision, Token);
        var events = await watching;

        var only = Assert.Single(events);
        Assert.Equal(third.KeyValue!.ModRevision, only.Revision);
        Assert.Equal("2", S(only.PreviousKeyValue!.Value));
    }

    [Fact]
    public async Task Compact_KeepsCurrentValues()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), Token);
        var a2 = await Store.UpdateAsync(K("a"), V("a2"), a.KeyValue!.ModRevision, Token);
        var b = await Store.CreateAsync(K("b"), V("b1"), Token);
        var c = await Store.CreateAsync(K("c"), V("c1"), Token);
        await Store.DeleteAsync(K("c"), c.KeyValue!.ModRevision, Token);
        var current = await Store.CurrentRevisionAsync(Token);

        await Store.CompactAsync(current, Token);

        Assert.Equal("a2", S((await Store.GetAsync(K("a"), Token))!.Value));
        Assert.Equal(a2.KeyValue!.ModRevision, (await Store.GetAsync(K("a"), Token))!.ModRevision);
        Assert.Equal("b1", S((await Store.GetAsync(K("b"), Token))!.Value));
        Assert.Null(await Store.GetAsync(K("c"), Token));
        var range = await Store.RangeAsync(new RangeRequest(Prefix, Revision: current), Token);
        Assert.Equal([K("a"), K("b")], range.Items.Select(i => i.Key));
        Assert.Equal(2, await Store.CountAsync(Prefix, Token));
        Assert.True((await Store.UpdateAsync(K("b"), V("b2"), b.KeyValue!.ModRevision, Token)).Succeeded);
        Assert.True((await Store.CreateAsync(K("c"), V("c2"), Token)).Succeeded);
    }

    [Fact]
    public async Task Version_CountsWritesSinceCreation_SurvivesCompaction_AndRestartsWithANewIncarnation()
    {
        var created = await Store.CreateAsync(K("v"), V("1"), Token);
        Assert.Equal(1, created.KeyValue!.Version);
        var updated = await Store.UpdateAsync(K("v"), V("2"), created.KeyValue.ModRevision, Token);
        Assert.Equal(2, updated.KeyValue!.Version);
        var third = await Store.UpdateAsync(K("v"), V("3"), updated.KeyValue.ModRevision, Token);
        Assert.Equal(3, third.KeyValue!.Version);

        // Compaction drops the superseded writes; the version still counts them, as etcd's does.
        await Store.CompactAsync(third.Revision, Token);
        Assert.Equal(3, (await Store.GetAsync(K("v"), Token))!.Version);
        Assert.Equal(3, Assert.Single((await Store.RangeAsync(new RangeRequest(Prefix), Token)).Items).Version);
        Assert.Equal(3, Assert.Single((await Store.RangeAsync(new RangeRequest(Prefix, KeysOnly: true), Token)).Items).Version);

        Assert.True((await Store.DeleteAsync(K("v"), 0, Token)).Succeeded);
        var recreated = await Store.CreateAsync(K("v"), V("4"), Token);
        Assert.Equal(1, recreated.KeyValue!.Version);
        Assert.Equal(1, (await Store.GetAsync(K("v"), Token))!.Version);
    }

    [Fact]
    public async Task Range_AtACompactedRevision_ThrowsCompacted()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), Token);
        var a2 = await Store.UpdateAsync(K("a"), V("a2"), a.KeyValue!.ModRevision, Token);
        await Store.UpdateAsync(K("a"), V("a3"), a2.KeyValue!.ModRevision, Token);
        var current = await Store.CurrentRevisionAsync(Token);
        await Store.CompactAsync(current, Token);

        var error = await Assert.ThrowsAsync<CompactedException>(
            () => Store.RangeAsync(new RangeRequest(Prefix, Revision: a.KeyValue.ModRevision), Token));

        Assert.Contains("compacted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_AtAnOlderRevision_ShowsTheValuesOfThatRevision()
    {
        var a = await Store.CreateAsync(K("a"), V("a1"), Token);
        var b = await Store.CreateAsync(K("b"), V("b1"), Token);
        await Store.UpdateAsync(K("a"), V("a2"), a.KeyValue!.ModRevision, Token);
        await Store.DeleteAsync(K("b"), b.KeyValue!.ModRevision, Token);
        await Store.CreateAsync(K("c"), V("c1"), Token);

        var old = await Store.RangeAsync(new RangeRequest(Prefix, Revision: b.KeyValue.ModRevision), Token);

        Assert.Equal(b.KeyValue.ModRevision, old.Revision);
        Assert.Equal(["a=a1", "b=b1"], old.Items.Select(i => $"{i.Key[Prefix.Length..]}={S(i.Value)}"));
    }

    // Reads events until `count` arrived, then cancels the watch's token; keeps whatever the watch still delivers.
    private static async Task<List<WatchEvent>> CollectThenCancelAsync(
        Func<CancellationToken, IAsyncEnumerable<WatchEvent>> watch, int count, CancellationToken deadline)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var events = new List<WatchEvent>();
        try
        {
            await foreach (var e in watch(cancel.Token))
            {
                events.Add(e);
                if (events.Count == count)
                {
                    await cancel.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
        {
            // The cancellation this test asked for.
        }

        Assert.True(events.Count >= count, $"the watch ended after {events.Count} of {count} events");
        return events;
    }

    // Reads events until `count` arrived, then stops the watch by leaving the loop.
    private static async Task<List<WatchEvent>> CollectAsync(IAsyncEnumerable<WatchEvent> watch, int count)
    {
        var events = new List<WatchEvent>();
        await foreach (var e in watch)
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
