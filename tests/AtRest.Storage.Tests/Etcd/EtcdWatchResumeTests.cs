using System.Threading.Channels;
using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

[Trait("Category", "Integration")]
public sealed class EtcdWatchResumeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WatchResumesAcrossAnEtcdRestartWithoutLosingOrRepeatingEvents()
    {
        await using var server = await EtcdServer.StartAsync(cancellationToken: Cancel);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = server.Endpoints });
        const string root = "/registry/secrets/watched/";
        await store.CreateAsync("/registry/secrets/other/x", new byte[] { 0 }, Cancel);
        var start = await store.CurrentRevisionAsync(Cancel);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var received = Channel.CreateUnbounded<WatchEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in store.WatchAsync(root, start, stop.Token))
            {
                await received.Writer.WriteAsync(e, stop.Token);
            }
        }, stop.Token);

        var expected = new List<(WatchEventType Type, string Key, long Revision)>();
        for (var i = 0; i < 5; i++)
        {
            var r = await store.CreateAsync($"{root}s{i}", new[] { (byte)i }, Cancel);
            expected.Add((WatchEventType.Put, $"{root}s{i}", r.Revision));
        }

        var seen = new List<WatchEvent>();
        await ReadAsync(received.Reader, seen, 5, stop.Token);

        server.Kill();
        await server.StartAgainAsync(Cancel);

        var s0 = await store.GetAsync($"{root}s0", Cancel);
        var updated = await store.UpdateAsync($"{root}s0", new byte[] { 42 }, s0!.ModRevision, Cancel);
        expected.Add((WatchEventType.Put, $"{root}s0", updated.Revision));
        var deleted = await store.DeleteAsync($"{root}s1", cancellationToken: Cancel);
        expected.Add((WatchEventType.Delete, $"{root}s1", deleted.Revision));
        await store.CreateAsync("/registry/secrets/other/y", new byte[] { 0 }, Cancel);
        for (var i = 5; i < 10; i++)
        {
            var r = await store.CreateAsync($"{root}s{i}", new[] { (byte)i }, Cancel);
            expected.Add((WatchEventType.Put, $"{root}s{i}", r.Revision));
        }

        // A marker written last: when it arrives, nothing before it can still be missing or arrive twice.
        var marker = await store.CreateAsync($"{root}zz-marker", new byte[] { 1 }, Cancel);
        expected.Add((WatchEventType.Put, $"{root}zz-marker", marker.Revision));
        await ReadAsync(received.Reader, seen, expected.Count, stop.Token);

        Assert.Equal(expected, seen.Select(e => (e.Type, e.KeyValue.Key, e.Revision)));
        Assert.Equal(new byte[] { 0 }, seen[5].PreviousKeyValue!.Value);
        Assert.Equal(new byte[] { 1 }, seen[6].PreviousKeyValue!.Value);
        Assert.False(received.Reader.TryRead(out var extra), $"unexpected extra event at revision {extra?.Revision}");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    private static async Task ReadAsync(ChannelReader<WatchEvent> reader, List<WatchEvent> seen, int count, CancellationToken cancellationToken)
    {
        while (seen.Count < count)
        {
            seen.Add(await reader.ReadAsync(cancellationToken));
        }
    }
}
