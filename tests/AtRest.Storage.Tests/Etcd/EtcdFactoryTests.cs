using AtRest.Storage.Etcd;
using AtRest.Tests.Shared;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>The factory's etcd:// endpoints reach a real etcd.</summary>
[Trait("Category", "Integration")]
[Collection(EtcdCollection.Name)]
public sealed class EtcdFactoryTests(EtcdServerFixture etcd)
{
    [Fact]
    public async Task EtcdEndpointOpensAWorkingStoreWithFailoverOverADeadEndpoint()
    {
        using var unused = new TempDirectory("factory-etcd");
        var hostPort = etcd.Server.Endpoint["http://".Length..];
        var dead = $"127.0.0.1:{AtRest.Tests.Shared.Etcd.FreeTcpPort.Take(1)[0]}";

        await using var store = KeyValueStoreFactory.Open($"etcd://{dead},{hostPort}", unused.Path);

        Assert.IsType<EtcdKeyValueStore>(store);
        var key = $"/registry/secrets/factory-{Guid.NewGuid():N}/s";
        for (var i = 0; i < 4; i++)
        {
            // Round-robin would send some of these to the dead endpoint; they must land on the live one.
            Assert.True((await store.CreateAsync($"{key}{i}", new byte[] { 7 }, TestContext.Current.CancellationToken)).Succeeded);
        }

        Assert.Equal(new byte[] { 7 }, (await store.GetAsync(key + "0", TestContext.Current.CancellationToken))!.Value);
    }
}
