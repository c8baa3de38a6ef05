using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>
/// A watch that starts far behind gets its backlog from etcd in messages of bounded size, not one message holding every
/// revision: a client whose receive limit is smaller than the backlog still receives all of it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EtcdWatchBacklogTests
{
    private const int Values = 12;
    private const int ValueSize = 900 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backlog_larger_than_the_receive_limit_arrives_whole_in_revision_order()
    {
        await using var server = await EtcdServer.StartAsync(cancellationToken: Cancel);
        // 12 values of 900 KB are ~10.5 MB: as one message that is far above a 4 MiB limit; fragments (at most etcd's
        // 1.5 MiB request limit plus one event) all fit.
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = server.Endpoints, MaxReceiveMessageSize = 4 * 1024 * 1024 });
        const string root = "/registry/configmaps/backlog/";
        var start = await store.CurrentRevisionAsync(Cancel);
        var written = new List<long>();
        var value = new byte[ValueSize];
        for (var i = 0; i < Values; i++)
        {
            Random.Shared.NextBytes(value);
            written.Add((await store.CreateAsync($"{root}v{i:D2}", value, Cancel)).Revision);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = new List<long>();
        await foreach (var e in store.WatchAsync(root, start, stop.Token))
        {
            Assert.Equal(ValueSize, e.KeyValue.Value.Length);
            seen.Add(e.Revision);
            if (seen.Count == Values)
            {
                break;
            }
        }

        Assert.Equal(written, seen);
    }
}
