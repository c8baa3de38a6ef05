using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// The scan over a real SQLite file and a real etcd holding plain text, aescbc (two keys), secretbox, aesgcm, an
/// object under a key the configuration lacks, and plain text left in history by a rewrite.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InventoryScannerTests : IDisposable
{
    private readonly TempDirectory _directory = new("inventory");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sqlite_store_is_counted_per_provider_and_key_with_history()
    {
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        await AssertMixedInventoryAsync(store);
    }

    [Fact]
    public async Task Etcd_store_is_counted_per_provider_and_key_with_history()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        await AssertMixedInventoryAsync(store);
    }

    [Fact]
    public async Task Compacted_history_is_not_counted()
    {
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        var ct = TestContext.Current.CancellationToken;
        await MixedStore.SeedAsync(store, ct);
        await store.CompactAsync(await store.CurrentRevisionAsync(ct), ct);
        await using var configuration = Load(MixedStore.Current);

        var report = await new InventoryScanner(store, StorageKeys.Default).ScanAsync(configuration, includeHistory: true, cancellationToken: ct);

        var secrets = Assert.Single(report.Resources, r => r.Resource == "secrets");
        Assert.Equal(0, secrets.HistoryValues);
        Assert.Equal(7, secrets.Objects);
    }

    [Fact]
    public async Task Lockout_check_names_only_objects_readable_today()
    {
        await using var store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        var ct = TestContext.Current.CancellationToken;
        await MixedStore.SeedAsync(store, ct);
        await using var current = Load(MixedStore.Current);
        await using var candidate = Load(MixedStore.WithoutKey1);

        var report = await new LockoutCheck(store, StorageKeys.Default).RunAsync(current, candidate, ct);

        // The object under the lost key is unreadable already, so only the one under key1 is locked out by the change.
        var locked = Assert.Single(report.Objects);
        Assert.Equal(MixedStore.Key1Key, locked.Key);
        Assert.Equal(1, report.Count);
        Assert.StartsWith($"1 stored object(s) would become unreadable: {MixedStore.Key1Key} (", report.Summary(), StringComparison.Ordinal);
        Assert.True((await new LockoutCheck(store, StorageKeys.Default).RunAsync(current, current, ct)).Safe);

        // With no configuration in use (a start), every encrypted value it cannot read counts.
        var atStart = await new LockoutCheck(store, StorageKeys.Default).RunAsync(null, candidate, ct);
        Assert.Equal([MixedStore.LostKey, MixedStore.Key1Key], atStart.Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    private static async Task AssertMixedInventoryAsync(IKeyValueStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        await MixedStore.SeedAsync(store, ct);
        await using var configuration = Load(MixedStore.Current);

        var report = await new InventoryScanner(store, StorageKeys.Default).ScanAsync(configuration, includeHistory: true, cancellationToken: ct);

        Assert.Equal(await store.CurrentRevisionAsync(ct), report.Revision);
        Assert.Equal(configuration.ContentHash, report.ConfigHash);
        Assert.Equal(["configmaps", "secrets"], report.Resources.Select(r => r.Resource));
        var secrets = report.Resources[1];
        Assert.Equal("k8s:enc:aescbc:v1:key2:", secrets.WriteKey);
        Assert.Equal(7, secrets.Objects);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["identity"] = 1,
                ["k8s:enc:aescbc:v1:key1:"] = 1,
                ["k8s:enc:aescbc:v1:key2:"] = 2,
                ["k8s:enc:aesgcm:v1:gcm1:"] = 1,
                ["k8s:enc:secretbox:v1:sb1:"] = 1,
            },
            secrets.ByKey);
        Assert.Equal(1, secrets.PlainText);
        Assert.Equal([MixedStore.PlainKey], secrets.PlainTextKeys);
        Assert.Equal(4, secrets.Stale);
        Assert.Equal(1, secrets.Unreadable);
        var unreadable = Assert.Single(report.Unreadable);
        Assert.Equal(MixedStore.LostKey, unreadable.Key);
        Assert.Equal("secrets", unreadable.Resource);
        Assert.False(string.IsNullOrWhiteSpace(unreadable.Reason));
        Assert.DoesNotContain(MixedStore.Lost, unreadable.Reason, StringComparison.Ordinal);

        // The rewrite left its plain-text value in history.
        Assert.Equal(1, secrets.HistoryValues);
        Assert.Equal(1, secrets.HistoryPlainText);
        Assert.Equal(0, secrets.HistoryOldKey);

        // Configmaps are not configured: identity writes, so plain text is expected there.
        var configmaps = report.Resources[0];
        Assert.Equal("identity", configmaps.WriteKey);
        Assert.Equal(1, configmaps.Objects);
        Assert.Equal(0, configmaps.PlainText);
        Assert.True(report.NeedsAttention);
    }

    private static LoadedEncryptionConfiguration Load(string yaml) => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "test");
}
