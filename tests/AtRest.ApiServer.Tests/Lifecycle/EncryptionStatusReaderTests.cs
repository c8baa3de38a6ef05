using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>Status over a real SQLite store: the keys per resource, the servers' records and whether their hashes match.</summary>
[Trait("Category", "Integration")]
public sealed class EncryptionStatusReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new("status");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Status_lists_keys_servers_and_inventory_totals_and_names_a_server_with_another_config()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await MixedStore.SeedAsync(store, ct);
        await using var configuration = Load(MixedStore.Current);
        var same = Heartbeat(store, configuration.ContentHash, "host-a");
        var other = Heartbeat(store, "sha256:other", "host-b");
        await same.PublishAsync(ct);
        await other.PublishAsync(ct);

        var status = await new EncryptionStatusReader(store, StorageKeys.Default, TimeProvider.System).ReadAsync(configuration, ct);

        Assert.True(status.Enabled);
        Assert.Equal("start", status.Stage);
        var secrets = Assert.Single(status.Resources);
        Assert.Equal("secrets", secrets.Resource);
        Assert.Equal(
            [("aescbc", "key2", true), ("aescbc", "key1", false), ("secretbox", "sb1", false), ("aesgcm", "gcm1", false), ("identity", "", false)],
            secrets.Keys.Select(k => (k.Type, k.Name, k.Active)));
        Assert.Equal(2, status.Servers.Count);
        Assert.False(status.AllHashesMatch);
        Assert.False(Assert.Single(status.Servers, s => s.Record.Id == other.Id).SameConfig);
        Assert.True(Assert.Single(status.Servers, s => s.Record.Id == same.Id).SameConfig);
        Assert.Equal(new InventorySummary(status.Inventory!.Revision, 8, 1, 4, 1), status.Inventory);

        // A record not refreshed within its time to live no longer counts.
        var later = await new EncryptionStatusReader(store, StorageKeys.Default, new ShiftedClock(ServerHeartbeat.TimeToLive + TimeSpan.FromSeconds(1)))
            .ReadAsync(configuration, ct);
        Assert.All(later.Servers, s => Assert.False(s.Live));
        Assert.True(later.AllHashesMatch);
    }

    [Fact]
    public async Task Heartbeat_refreshes_its_record_and_removes_it_when_stopped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        var heartbeat = Heartbeat(store, "sha256:abc", "host-a");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = heartbeat.RunAsync(stop.Token);
        KeyValue? record;
        while ((record = await store.GetAsync(heartbeat.Key, ct)) is null)
        {
            await Task.Delay(20, ct);
        }

        Assert.StartsWith("/registry/atrest.io/servers/apiserver-", heartbeat.Key, StringComparison.Ordinal);
        var published = Assert.Single(await ServerRecords.ReadAsync(store, StorageKeys.Default, ct));
        Assert.Equal(("sha256:abc", "host-a", Environment.ProcessId), (published.ConfigHash, published.HostName, published.ProcessId));
        Assert.Equal(ServerHeartbeat.TimeToLive, published.ExpiresAt - published.Heartbeat);

        await heartbeat.PublishAsync(ct);
        Assert.True((await store.GetAsync(heartbeat.Key, ct))!.ModRevision > record.ModRevision);

        await stop.CancelAsync();
        await run;
        Assert.Null(await store.GetAsync(heartbeat.Key, ct));
    }

    [Fact]
    public async Task Etcd_holds_the_records_the_same_way()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        await using var configuration = Load(MixedStore.Current);
        var heartbeat = Heartbeat(store, configuration.ContentHash, "host-a");
        await heartbeat.PublishAsync(ct);
        await heartbeat.PublishAsync(ct);

        var status = await new EncryptionStatusReader(store, StorageKeys.Default, TimeProvider.System).ReadAsync(configuration, ct);

        var server = Assert.Single(status.Servers);
        Assert.Equal((heartbeat.Id, true, true), (server.Record.Id, server.Live, server.SameConfig));
        Assert.Equal(new InventorySummary(status.Inventory!.Revision, 0, 0, 0, 0), status.Inventory);
    }

    private static ServerHeartbeat Heartbeat(IKeyValueStore store, string hash, string host) =>
        new(store, StorageKeys.Default, () => hash, host, TimeProvider.System, NullLogger.Instance);

    private static LoadedEncryptionConfiguration Load(string yaml) => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "test");
}
