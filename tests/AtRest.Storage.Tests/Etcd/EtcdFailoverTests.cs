using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>A three-member cluster losing its leader while the store writes and reads through all endpoints.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdFailoverTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WritesReadsAndWatchesContinueWhenTheLeaderIsKilled()
    {
        await using var cluster = await EtcdCluster.StartAsync(cancellationToken: Cancel);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = cluster.Endpoints });
        const string root = "/registry/secrets/failover/";
        var acknowledged = new Dictionary<string, long>();

        async Task WriteAndReadAsync(int from, int to)
        {
            // Eight callers at once, so calls are in flight on the leader's connection when it dies.
            await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancel }, async (i, ct) =>
            {
                var key = $"{root}s{i:D3}";
                byte[] value = [.. "k8s:enc:aescbc:v1:key1:"u8, .. BitConverter.GetBytes(i)];
                var created = await store.CreateAsync(key, value, ct);
                Assert.True(created.Succeeded, $"create of {key} reported a conflict with revision {created.KeyValue?.ModRevision}");
                var read = await store.GetAsync(key, ct);
                Assert.Equal(created.KeyValue!.ModRevision, read?.ModRevision);
                lock (acknowledged)
                {
                    acknowledged[key] = created.KeyValue.ModRevision;
                }
            });
        }

        var start = await store.CurrentRevisionAsync(Cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var watched = Task.Run(async () =>
        {
            var events = new List<WatchEvent>();
            await foreach (var e in store.WatchAsync(root, start, stop.Token))
            {
                events.Add(e);
                if (events.Count == 200)
                {
                    break;
                }
            }

            return events;
        }, stop.Token);

        await WriteAndReadAsync(0, 40);
        var leader = await cluster.LeaderIndexAsync(Cancel);
        var writing = WriteAndReadAsync(40, 200);
        cluster.Members[leader].Kill();
        await writing;

        var survivors = cluster.Members.Where(m => m.IsRunning).ToArray();
        Assert.Equal(2, survivors.Length);
        var newLeader = await cluster.LeaderIndexAsync(Cancel);
        Assert.NotEqual(leader, newLeader);

        var all = await store.RangeAsync(new RangeRequest(root), Cancel);
        Assert.Equal(acknowledged.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)), all.Items.Select(i => (i.Key, i.ModRevision)));
        Assert.Equal(200, await store.CountAsync(root, Cancel));

        // The watch lived through the leader's death: every create exactly once, in revision order.
        var events = await watched;
        Assert.Equal(acknowledged.Values.Order(), events.Select(e => e.Revision));
    }
}
