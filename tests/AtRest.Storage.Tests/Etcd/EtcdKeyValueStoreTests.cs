using System.Security.Cryptography;
using System.Text;
using AtRest.Storage.Etcd;

namespace AtRest.Storage.Tests.Etcd;

[Trait("Category", "Integration")]
[Collection(EtcdCollection.Name)]
public sealed class EtcdKeyValueStoreTests(EtcdServerFixture etcd)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Prefix() => $"/registry/t{Guid.NewGuid():N}/";

    [Fact]
    public async Task CreateUpdateDeleteCarryEtcdRevisions()
    {
        await using var store = etcd.CreateStore();
        var key = Prefix() + "secret1";
        var first = RandomNumberGenerator.GetBytes(100);
        var second = RandomNumberGenerator.GetBytes(100);

        var created = await store.CreateAsync(key, first, Cancel);
        Assert.True(created.Succeeded);
        Assert.Equal(created.Revision, created.KeyValue!.ModRevision);
        Assert.Equal(created.Revision, created.KeyValue.CreateRevision);
        Assert.Equal(created.Revision, await store.CurrentRevisionAsync(Cancel));

        var again = await store.CreateAsync(key, second, Cancel);
        Assert.False(again.Succeeded);
        Assert.Equal(first, again.KeyValue!.Value);

        var updated = await store.UpdateAsync(key, second, created.Revision, Cancel);
        Assert.True(updated.Succeeded);
        Assert.Equal(created.Revision, updated.KeyValue!.CreateRevision);
        Assert.Equal(updated.Revision, updated.KeyValue.ModRevision);

        var stale = await store.UpdateAsync(key, first, created.Revision, Cancel);
        Assert.False(stale.Succeeded);
        Assert.Equal(second, stale.KeyValue!.Value);
        Assert.Equal(updated.Revision, stale.KeyValue.ModRevision);

        var staleDelete = await store.DeleteAsync(key, created.Revision, Cancel);
        Assert.False(staleDelete.Succeeded);
        Assert.Equal(second, staleDelete.KeyValue!.Value);

        var deleted = await store.DeleteAsync(key, updated.Revision, Cancel);
        Assert.True(deleted.Succeeded);
        Assert.Equal(second, deleted.KeyValue!.Value);
        Assert.Null(await store.GetAsync(key, Cancel));

        var missing = await store.DeleteAsync(key, cancellationToken: Cancel);
        Assert.False(missing.Succeeded);
        Assert.Null(missing.KeyValue);
    }

    [Fact]
    public async Task UpdateManyWritesEachGroupWithinTheTxnLimitsAsOneTxn()
    {
        // Three compare-and-swaps per Txn (plus the read-back range makes four operations), at most 2,500 bytes per Txn.
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Server.Endpoints, MaxTxnOps = 4, MaxTxnBytes = 2_500 });
        var prefix = Prefix();
        var created = new List<KeyValue>();
        for (var i = 0; i < 10; i++)
        {
            created.Add((await store.CreateAsync($"{prefix}s{i}", new byte[] { 1 }, Cancel)).KeyValue!);
        }

        var small = await store.UpdateManyAsync(created.Select(kv => new ConditionalUpdate(kv.Key, new byte[] { 2 }, kv.ModRevision)).ToList(), Cancel);

        Assert.All(small, r => Assert.True(r.Succeeded));
        // One Txn is one revision: 10 updates in groups of 3 are 4 revisions, each key at its Txn's revision.
        Assert.Equal(4, small.Select(r => r.KeyValue!.ModRevision).Distinct().Count());
        Assert.Equal([3, 3, 3, 1], small.GroupBy(r => r.KeyValue!.ModRevision).Select(g => g.Count()));
        Assert.All(small, r => Assert.Equal(2, r.KeyValue!.Version));

        var large = await store.UpdateManyAsync(small.Select(r => new ConditionalUpdate(r.KeyValue!.Key, new byte[1_000], r.KeyValue.ModRevision)).ToList(), Cancel);

        Assert.All(large, r => Assert.True(r.Succeeded));
        // 1,000-byte values: two fit in 2,500 bytes, so five Txns.
        Assert.Equal(5, large.Select(r => r.KeyValue!.ModRevision).Distinct().Count());
    }

    [Fact]
    public async Task UpdateManyWithOneStaleCompareFallsBackToOneTxnPerKey()
    {
        await using var store = etcd.CreateStore();
        var prefix = Prefix();
        var created = new List<KeyValue>();
        for (var i = 0; i < 4; i++)
        {
            created.Add((await store.CreateAsync($"{prefix}s{i}", new byte[] { 1 }, Cancel)).KeyValue!);
        }

        var client = await store.UpdateAsync(created[1].Key, new byte[] { 9 }, created[1].ModRevision, Cancel);

        var results = await store.UpdateManyAsync(created.Select(kv => new ConditionalUpdate(kv.Key, new byte[] { 2 }, kv.ModRevision)).ToList(), Cancel);

        Assert.False(results[1].Succeeded);
        Assert.Equal(new byte[] { 9 }, results[1].KeyValue!.Value);
        Assert.Equal(client.Revision, results[1].KeyValue!.ModRevision);
        Assert.All(new[] { results[0], results[2], results[3] }, r => Assert.True(r.Succeeded));
        // The group's Txn failed as a whole, so each of the others was written by its own Txn.
        Assert.Equal(3, new[] { results[0], results[2], results[3] }.Select(r => r.KeyValue!.ModRevision).Distinct().Count());
        Assert.Equal(new byte[] { 9 }, (await store.GetAsync(created[1].Key, Cancel))!.Value);
    }

    [Fact]
    public async Task UpdateOfAbsentKeyFailsWithNoCurrentEntry()
    {
        await using var store = etcd.CreateStore();
        var result = await store.UpdateAsync(Prefix() + "absent", new byte[] { 1 }, 5, Cancel);
        Assert.False(result.Succeeded);
        Assert.Null(result.KeyValue);
    }

    [Fact]
    public async Task PrefixRangeExcludesSiblingKeysThatShareTheStringPrefix()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        await store.CreateAsync(root + "a/1", new byte[] { 1 }, Cancel);
        await store.CreateAsync(root + "a/2", new byte[] { 2 }, Cancel);
        await store.CreateAsync(root + "a0", new byte[] { 3 }, Cancel);
        await store.CreateAsync(root + "a", new byte[] { 4 }, Cancel);

        var range = await store.RangeAsync(new RangeRequest(root + "a/"), Cancel);
        Assert.Equal([root + "a/1", root + "a/2"], range.Items.Select(i => i.Key));
        Assert.Equal(2, await store.CountAsync(root + "a/", Cancel));
        Assert.Equal(4, await store.CountAsync(root, Cancel));
    }

    [Fact]
    public async Task PagesReadAtOneRevisionIgnoreLaterWrites()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        for (var i = 0; i < 7; i++)
        {
            await store.CreateAsync($"{root}{i}", new byte[] { (byte)i }, Cancel);
        }

        var page = await store.RangeAsync(new RangeRequest(root, Limit: 3), Cancel);
        await store.CreateAsync(root + "9", new byte[] { 9 }, Cancel);
        var keys = page.Items.Select(i => i.Key).ToList();
        while (page.More)
        {
            page = await store.RangeAsync(new RangeRequest(root, page.Items[^1].Key + "\0", 3, page.Revision), Cancel);
            keys.AddRange(page.Items.Select(i => i.Key));
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{root}{i}"), keys);
    }

    [Fact]
    public async Task RangeLargerThanGrpcDefaultReceiveLimitSucceeds()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        var value = RandomNumberGenerator.GetBytes(1024 * 1024);
        for (var i = 0; i < 6; i++)
        {
            Assert.True((await store.CreateAsync($"{root}{i}", value, Cancel)).Succeeded);
        }

        var range = await store.RangeAsync(new RangeRequest(root), Cancel);
        Assert.Equal(6, range.Items.Count);
        Assert.All(range.Items, i => Assert.Equal(value, i.Value));
    }

    [Fact]
    public async Task KeysOnlyRangeLeavesValuesEmpty()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        await store.CreateAsync(root + "x", Encoding.UTF8.GetBytes("value"), Cancel);
        var range = await store.RangeAsync(new RangeRequest(root, KeysOnly: true), Cancel);
        Assert.Equal(root + "x", Assert.Single(range.Items).Key);
        Assert.Empty(range.Items[0].Value);
    }

    [Fact]
    public async Task ReadingACompactedRevisionThrowsCompactedException()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        var first = await store.CreateAsync(root + "k", new byte[] { 1 }, Cancel);
        var second = await store.UpdateAsync(root + "k", new byte[] { 2 }, first.Revision, Cancel);
        await store.CompactAsync(second.Revision, Cancel);

        var e = await Assert.ThrowsAsync<CompactedException>(() => store.RangeAsync(new RangeRequest(root, Revision: first.Revision), Cancel));
        Assert.Equal(first.Revision, e.RequestedRevision);
        Assert.True(e.CompactedRevision >= second.Revision, $"compacted revision {e.CompactedRevision} < {second.Revision}");
        Assert.Contains("compacted", e.Message, StringComparison.Ordinal);

        var watch = Assert.ThrowsAsync<CompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync(root, first.Revision - 1, Cancel))
            {
            }
        });
        Assert.Contains("compacted", (await watch).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchDeliversPutsAndDeletesWithPreviousValues()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        var start = await store.CurrentRevisionAsync(Cancel);
        var created = await store.CreateAsync(root + "a", new byte[] { 1 }, Cancel);
        await store.UpdateAsync(root + "a", new byte[] { 2 }, created.Revision, Cancel);
        await store.CreateAsync(Prefix() + "elsewhere", new byte[] { 9 }, Cancel);
        var deleted = await store.DeleteAsync(root + "a", cancellationToken: Cancel);

        var events = new List<WatchEvent>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        await foreach (var e in store.WatchAsync(root, start, cts.Token))
        {
            events.Add(e);
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete], events.Select(e => e.Type));
        Assert.Null(events[0].PreviousKeyValue);
        Assert.Equal(new byte[] { 1 }, events[1].PreviousKeyValue!.Value);
        Assert.Equal(deleted.Revision, events[2].Revision);
        Assert.Empty(events[2].KeyValue.Value);
        Assert.Equal(new byte[] { 2 }, events[2].PreviousKeyValue!.Value);
    }

    [Fact]
    public async Task EmptyPrefixCoversTheWholeKeySpace()
    {
        await using var store = etcd.CreateStore();
        var root = Prefix();
        await store.CreateAsync(root + "k", new byte[] { 1 }, Cancel);
        Assert.True(await store.CountAsync("", Cancel) >= 1);
    }

    [Fact]
    public async Task OversizedValueIsRefusedNamingTheKey()
    {
        await using var store = etcd.CreateStore();
        var key = Prefix() + "huge";
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(key, new byte[3 * 1024 * 1024], Cancel));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains("larger than max", StringComparison.Ordinal) || e.Message.Contains("too large", StringComparison.Ordinal), e.Message);
        Assert.Null(await store.GetAsync(key, Cancel));
    }
}
