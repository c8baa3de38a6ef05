using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>When etcd stays down longer than the retry time, calls and watches end with an error naming the endpoints.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdUnavailableTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallsAndWatchesGiveUpAfterTheRetryTime()
    {
        await using var server = await EtcdServer.StartAsync(cancellationToken: Cancel);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = server.Endpoints, RetryTimeout = TimeSpan.FromSeconds(1) });
        var start = await store.CurrentRevisionAsync(Cancel);
        var watchCreated = await store.CreateAsync("/registry/down/a", new byte[] { 1 }, Cancel);
        var watch = store.WatchAsync("/registry/down/", start, Cancel).GetAsyncEnumerator(Cancel);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(watchCreated.Revision, watch.Current.Revision);

        server.Kill();

        var read = Assert.ThrowsAsync<EtcdUnavailableException>(() => store.GetAsync("/registry/down/a", Cancel));
        var write = Assert.ThrowsAsync<EtcdUnavailableException>(() => store.CreateAsync("/registry/down/b", new byte[] { 2 }, Cancel));
        var watching = Assert.ThrowsAsync<EtcdUnavailableException>(async () => await watch.MoveNextAsync());
        await Task.WhenAll(read, write, watching);
        Assert.Contains(server.Endpoint, (await read).Message, StringComparison.Ordinal);
        Assert.Contains("unavailable", (await write).Message, StringComparison.Ordinal);
        Assert.Contains(server.Endpoint, (await watching).Message, StringComparison.Ordinal);
        await watch.DisposeAsync();
    }
}
