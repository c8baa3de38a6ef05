using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary><c>atrest secrets-encrypt inventory</c> and <c>check-config</c> run as processes on a SQLite file and a real etcd.</summary>
[Trait("Category", "Integration")]
public sealed class SecretsEncryptOfflineTests : IDisposable
{
    private readonly TempDirectory _directory = new("secrets-encrypt");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Inventory_of_the_embedded_store_as_json_and_table_exits_2()
    {
        var config = await SeedSqliteAsync();

        var json = await RunAsync("secrets-encrypt", "inventory", "--data-dir", _directory.Path, "--encryption-provider-config", config, "-o", "json");
        AssertMixed(json);

        var table = await RunAsync("secrets-encrypt", "inventory", "--data-dir", _directory.Path, "--encryption-provider-config", config);
        Assert.Equal(2, table.ExitCode);
        var text = Encoding.UTF8.GetString(table.Stdout);
        Assert.Contains("k8s:enc:aescbc:v1:key2:", text, StringComparison.Ordinal);
        Assert.Contains("UNREADABLE KEY", text, StringComparison.Ordinal);
        Assert.Contains(MixedStore.LostKey, text, StringComparison.Ordinal);
        Assert.Contains($"secrets in plain text: {MixedStore.PlainKey}", text, StringComparison.Ordinal);
        Assert.Contains("8 objects at revision", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_of_etcd_exits_2_and_counts_every_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        {
            await MixedStore.SeedAsync(store, ct);
        }

        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);
        AssertMixed(await RunAsync("secrets-encrypt", "inventory", "--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config, "-o", "json"));
    }

    [Fact]
    public async Task Check_config_lists_the_objects_a_file_would_lock_out()
    {
        var config = await SeedSqliteAsync();
        var candidate = _directory.File("candidate.yaml");
        await File.WriteAllTextAsync(candidate, MixedStore.WithoutKey1, TestContext.Current.CancellationToken);

        var refused = await RunAsync("secrets-encrypt", "check-config", candidate, "--data-dir", _directory.Path, "--encryption-provider-config", config);
        Assert.Equal(2, refused.ExitCode);
        var text = Encoding.UTF8.GetString(refused.Stdout);
        Assert.Contains("1 stored object(s) would become unreadable", text, StringComparison.Ordinal);
        Assert.Contains(MixedStore.Key1Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(MixedStore.LostKey, text, StringComparison.Ordinal);

        var safe = await RunAsync("secrets-encrypt", "check-config", config, "--data-dir", _directory.Path, "--encryption-provider-config", config, "-o", "json");
        Assert.Equal(0, safe.ExitCode);
        Assert.Equal(0, JsonSerializer.Deserialize<LockoutReport>(safe.Stdout, LifecycleJson.Options)!.Count);
    }

    [Fact]
    public async Task Bad_flags_get_one_line_naming_the_problem()
    {
        var config = await SeedSqliteAsync();

        var both = await RunAsync("secrets-encrypt", "inventory", "--data-dir", _directory.Path, "--etcd-servers", "http://127.0.0.1:1", "--encryption-provider-config", config);
        Assert.Equal(1, both.ExitCode);
        Assert.Equal("Error: --data-dir (embedded store) and --etcd-servers (etcd) select different stores: give one\n", both.Stderr);

        var missing = await RunAsync("secrets-encrypt", "inventory", "--data-dir", _directory.File("nowhere"), "--encryption-provider-config", config);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("Error: no embedded store at ", missing.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> SeedSqliteAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = SqliteKeyValueStore.Open(_directory.File("state.db")))
        {
            await MixedStore.SeedAsync(store, ct);
        }

        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);
        return config;
    }

    private static void AssertMixed((int ExitCode, byte[] Stdout, string Stderr) result)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        var report = JsonSerializer.Deserialize<InventoryReport>(result.Stdout, LifecycleJson.Options)!;
        var secrets = Assert.Single(report.Resources, r => r.Resource == "secrets");
        Assert.Equal(7, secrets.Objects);
        Assert.Equal(2, secrets.ByKey["k8s:enc:aescbc:v1:key2:"]);
        Assert.Equal(1, secrets.ByKey["k8s:enc:secretbox:v1:sb1:"]);
        Assert.Equal(1, secrets.ByKey["k8s:enc:aesgcm:v1:gcm1:"]);
        Assert.Equal(1, secrets.ByKey["identity"]);
        Assert.Equal(1, secrets.PlainText);
        Assert.Equal(4, secrets.Stale);
        Assert.Equal(1, secrets.HistoryPlainText);
        Assert.Equal(MixedStore.LostKey, Assert.Single(report.Unreadable).Key);
        Assert.Contains("\"unreadableCount\": 1", Encoding.UTF8.GetString(result.Stdout), StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        AtRestServer.RunCliAsync(arguments, TestContext.Current.CancellationToken);
}
