using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Cli.Tests.Server;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt reencrypt</c> as a process: online through real servers on SQLite and etcd (progress in
/// <c>/metrics</c> and <c>status</c>, one run across servers, resumed after kill -9), and offline on a data directory.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReencryptCommandTests : IDisposable
{
    private const string Key2 = "k8s:enc:aescbc:v1:key2:";
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("reencrypt");

    public void Dispose() => _directory.Dispose();

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    [Fact]
    public async Task Online_run_moves_every_secret_and_reports_in_metrics_and_status()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = await SeedDataDirectoryAsync(1_000, ct);
        await using var server = await AtRestServer.StartAsync(DataDirectory, ["--encryption-provider-config", config], ct);

        var run = await CliAsync(server, "secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}\n{server.Log}");
        var text = Encoding.UTF8.GetString(run.Stdout);
        Assert.Contains("re-encrypting: 1000/1000 objects", text, StringComparison.Ordinal);
        Assert.Contains("Re-encryption: Completed (run ", text, StringComparison.Ordinal);
        Assert.Contains("1000 of 1000 objects, 1000 rewritten, 0 skipped, 0 conflicts, 0 unreadable", text, StringComparison.Ordinal);

        await AssertInventoryAsync(server, ["--kubeconfig", server.KubeconfigPath], 1_000);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        var metrics = await client.GetStringAsync("/metrics", ct);
        Assert.Contains("atrest_reencryption_objects_total{result=\"rewritten\"} 1000", metrics, StringComparison.Ordinal);
        Assert.Contains("atrest_reencryption_objects_total{result=\"failed\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("atrest_reencryption_running 0", metrics, StringComparison.Ordinal);

        var status = await CliAsync(server, "secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath, "-o", "json");
        var reencryption = JsonSerializer.Deserialize<EncryptionStatus>(status.Stdout, LifecycleJson.Options)!.Reencryption!;
        Assert.Equal((ReencryptionState.Completed, 1_000L), (reencryption.State, reencryption.Rewritten));
        var table = await CliAsync(server, "secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath);
        Assert.Contains("Re-encryption: Completed (run ", Encoding.UTF8.GetString(table.Stdout), StringComparison.Ordinal);

        // A second run has nothing left to rewrite.
        var again = await CliAsync(server, "secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath, "-o", "json");
        var second = JsonSerializer.Deserialize<ReencryptionRun>(again.Stdout, LifecycleJson.Options)!;
        Assert.Equal((0L, 1_000L), (second.Rewritten, second.Skipped));

        var refused = await CliAsync(server, "secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath, "--resource", "configmaps");
        Assert.Equal(1, refused.ExitCode);
        Assert.EndsWith(
            "answered 400: resource \"configmaps\" is not named by the encryption configuration (it names: secrets), so it has no key to re-encrypt with\n",
            refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_9_during_a_run_of_10000_secrets_resumes_after_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = await SeedDataDirectoryAsync(10_000, ct);
        await using var server = await AtRestServer.StartAsync(DataDirectory, ["--encryption-provider-config", config], ct);
        using (var client = ServerAdminClient.Create(server, HttpTimeout))
        {
            // Throttled so that the kill lands in the middle whatever the machine's speed.
            var started = await CliAsync(server, "secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath, "--no-wait",
                "--objects-per-second", "1000", "-o", "json");
            Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}: {started.Stderr}\n{server.Log}");
            Assert.Equal(ReencryptionState.Running, JsonSerializer.Deserialize<ReencryptionRun>(started.Stdout, LifecycleJson.Options)!.State);
            ReencryptionRun progress;
            do
            {
                await Task.Delay(100, ct);
                progress = await GetRunAsync(client, ct);
            }
            while (progress.Done < 2_000);

            Assert.Equal(ReencryptionState.Running, progress.State);
        }

        using (var process = Process.GetProcessById(server.ProcessId))
        {
            process.Kill();
            await process.WaitForExitAsync(ct);
        }

        var (checkpoint, _) = await ReadCheckpointAsync(ct);
        Assert.Equal(ReencryptionState.Running, checkpoint!.State);
        Assert.InRange(checkpoint.Done, 2_000, 9_999);

        await server.RestartAsync(cancellationToken: ct);
        ReencryptionRun finished;
        using (var client = ServerAdminClient.Create(server, HttpTimeout))
        {
            do
            {
                await Task.Delay(200, ct);
                finished = await GetRunAsync(client, ct);
            }
            while (!finished.Finished);
        }

        Assert.True(finished.State == ReencryptionState.Completed, $"{finished.State}: {finished.Error}\n{server.Log}");
        Assert.Equal(checkpoint.Id, finished.Id);
        Assert.Equal((10_000L, 10_000L, 0L), (finished.Total, finished.Done, finished.Failed));
        Assert.Equal(10_000, finished.Rewritten + finished.Skipped);
        Assert.Contains($"resuming re-encryption run {checkpoint.Id}", server.Log, StringComparison.Ordinal);
        await AssertInventoryAsync(server, ["--kubeconfig", server.KubeconfigPath], 10_000);

        // Nothing lost: every secret holds the bytes it was seeded with.
        await server.StopAsync();
        await using var store = SqliteKeyValueStore.Open(Path.Combine(DataDirectory, "state.db"));
        await using var configuration = ReencryptionConfigs.Load(ReencryptionConfigs.New);
        for (var i = 0; i < 10_000; i++)
        {
            var read = await ReencryptionConfigs.ReadAsync(store, configuration, SecretSeed.Key("default", i), ct);
            Assert.Equal(Key2, read.Source);
            Assert.Equal(SecretSeed.Plaintext("default", i), read.Data.ToArray());
        }
    }

    [Fact]
    public async Task Two_servers_on_one_etcd_share_one_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        await using (var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old))
        {
            await SecretSeed.WriteAsync(store, old, "default", 600, ct);
        }

        var config = _directory.File("new.yaml");
        await File.WriteAllTextAsync(config, ReencryptionConfigs.New, ct);
        string[] flags = ["--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config];
        await using var first = await AtRestServer.StartAsync(Path.Combine(_directory.Path, "a"), flags, ct);
        await using var second = await AtRestServer.StartAsync(Path.Combine(_directory.Path, "b"), flags, ct);

        // 30 s at this rate: the second command starts well within the run even on a loaded machine.
        var started = await CliAsync(first, "secrets-encrypt", "reencrypt", "--kubeconfig", first.KubeconfigPath, "--no-wait",
            "--objects-per-second", "20", "-o", "json");
        var run = JsonSerializer.Deserialize<ReencryptionRun>(started.Stdout, LifecycleJson.Options)!;
        var joined = await CliAsync(second, "secrets-encrypt", "reencrypt", "--kubeconfig", second.KubeconfigPath, "-o", "json");

        Assert.True(joined.ExitCode == 0, $"exit {joined.ExitCode}: {joined.Stderr}\n{first.Log}\n{second.Log}");
        var finished = JsonSerializer.Deserialize<ReencryptionRun>(joined.Stdout, LifecycleJson.Options)!;
        Assert.Equal(run.Id, finished.Id);
        Assert.Equal((ReencryptionState.Completed, 600L, 600L), (finished.State, finished.Done, finished.Rewritten));
        Assert.DoesNotContain("re-encryption run", second.Log, StringComparison.Ordinal);
        await AssertInventoryAsync(first, ["--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config], 600);
    }

    [Fact]
    public async Task Offline_run_on_a_data_dir_and_refused_while_a_server_serves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(DataDirectory);
        await using (var store = SqliteKeyValueStore.Open(Path.Combine(DataDirectory, "state.db")))
        {
            await MixedStore.SeedAsync(store, ct);
        }

        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);

        var run = await AtRestServer.RunCliAsync(["secrets-encrypt", "reencrypt", "--data-dir", DataDirectory, "--encryption-provider-config", config], ct);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
        var text = Encoding.UTF8.GetString(run.Stdout);
        Assert.Contains("7 of 7 objects, 4 rewritten, 2 skipped, 0 conflicts, 1 unreadable", text, StringComparison.Ordinal);
        Assert.Contains($"  unreadable: {MixedStore.LostKey}: ", text, StringComparison.Ordinal);
        var inventory = await AtRestServer.RunCliAsync(
            ["secrets-encrypt", "inventory", "--data-dir", DataDirectory, "--encryption-provider-config", config, "--no-history", "-o", "json"], ct);
        var secrets = Assert.Single(JsonSerializer.Deserialize<InventoryReport>(inventory.Stdout, LifecycleJson.Options)!.Resources, r => r.Resource == "secrets");
        Assert.Equal(new Dictionary<string, long> { [Key2] = 6 }, secrets.ByKey);

        await using var server = await AtRestServer.StartAsync(DataDirectory, ["--encryption-provider-config", config, LockoutOverride.Flag], ct);
        var refused = await AtRestServer.RunCliAsync(["secrets-encrypt", "reencrypt", "--data-dir", DataDirectory, "--encryption-provider-config", config], ct);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("Error: ", refused.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("; stop it, or re-encrypt online through it (without --data-dir)\n", refused.Stderr, StringComparison.Ordinal);

        var noWait = await AtRestServer.RunCliAsync(
            ["secrets-encrypt", "reencrypt", "--etcd-servers", "http://127.0.0.1:1", "--encryption-provider-config", config, "--no-wait"], ct);
        Assert.Equal("Error: --no-wait needs a running server: offline, the command is the run\n", noWait.Stderr);
    }

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> CliAsync(AtRestServer server, params string[] arguments)
    {
        var result = await AtRestServer.RunCliAsync(arguments, TestContext.Current.CancellationToken);
        return result.ExitCode is 0 or 1 or 2 ? result : throw new InvalidOperationException($"exit {result.ExitCode}: {result.Stderr}\n{server.Log}");
    }

    private static async Task<ReencryptionRun> GetRunAsync(HttpClient client, CancellationToken ct) =>
        JsonSerializer.Deserialize<ReencryptionRun>(await client.GetStringAsync(LifecycleKeys.ReencryptPath, ct), LifecycleJson.Options)!;

    private static async Task AssertInventoryAsync(AtRestServer server, string[] target, long count)
    {
        var inventory = await CliAsync(server, ["secrets-encrypt", "inventory", "--no-history", "-o", "json", .. target]);
        Assert.True(inventory.ExitCode == 0, $"exit {inventory.ExitCode}: {inventory.Stderr}");
        var secrets = Assert.Single(JsonSerializer.Deserialize<InventoryReport>(inventory.Stdout, LifecycleJson.Options)!.Resources, r => r.Resource == "secrets");
        Assert.Equal(new Dictionary<string, long> { [Key2] = count }, secrets.ByKey);
        Assert.Equal((0, 0), (secrets.Stale, secrets.Unreadable));
    }

    private async Task<(ReencryptionRun? Run, long ModRevision)> ReadCheckpointAsync(CancellationToken ct)
    {
        await using var store = SqliteKeyValueStore.Open(Path.Combine(DataDirectory, "state.db"));
        return await new ReencryptionCheckpoint(store, StorageKeys.Default).ReadAsync(ct);
    }

    // Secrets under key1 in a fresh data directory, and the key2-first configuration to serve it with.
    private async Task<string> SeedDataDirectoryAsync(int count, CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        await using (var store = SqliteKeyValueStore.Open(Path.Combine(DataDirectory, "state.db")))
        await using (var old = ReencryptionConfigs.Load(ReencryptionConfigs.Old))
        {
            await SecretSeed.WriteAsync(store, old, "default", count, ct);
        }

        var config = _directory.File("new.yaml");
        await File.WriteAllTextAsync(config, ReencryptionConfigs.New, ct);
        return config;
    }
}
