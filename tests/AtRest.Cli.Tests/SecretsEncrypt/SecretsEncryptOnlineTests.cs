using System.Net;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Cli.Tests.Server;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// The server refuses to start or reload with a configuration that locks stored objects out (unless forced), and
/// computes the inventory and the lock-out check for the CLI, which finds it through the kubeconfig.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecretsEncryptOnlineTests : IDisposable
{
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("secrets-encrypt-online");

    public void Dispose() => _directory.Dispose();

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    [Fact]
    public async Task Start_is_refused_in_one_line_and_forced_start_serves_the_inventory()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(DataDirectory);
        await using (var store = SqliteKeyValueStore.Open(Path.Combine(DataDirectory, "state.db")))
        {
            await MixedStore.SeedAsync(store, ct);
        }

        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);

        var refused = await AtRestServer.RunCliAsync(
            ["server", "--data-dir", DataDirectory, "--secure-port", "0", "--encryption-provider-config", config], ct);
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Error: refusing to start with encryption configuration {config}: 1 stored object(s) would become unreadable: {MixedStore.LostKey} (", line, StringComparison.Ordinal);
        Assert.EndsWith($"(pass {LockoutOverride.Flag} to start anyway)", line, StringComparison.Ordinal);

        await using var server = await AtRestServer.StartAsync(
            DataDirectory, ["--encryption-provider-config", config, LockoutOverride.Flag], ct);

        var inventory = await AtRestServer.RunCliAsync(["secrets-encrypt", "inventory", "--kubeconfig", server.KubeconfigPath, "-o", "json"], ct);
        Assert.True(inventory.ExitCode == 2, $"exit {inventory.ExitCode}: {inventory.Stderr}\n{server.Log}");
        var report = JsonSerializer.Deserialize<InventoryReport>(inventory.Stdout, LifecycleJson.Options)!;
        var secrets = Assert.Single(report.Resources, r => r.Resource == "secrets");
        Assert.Equal(7, secrets.Objects);
        Assert.Equal(1, secrets.PlainText);
        Assert.Equal(1, secrets.HistoryPlainText);
        Assert.Equal(MixedStore.LostKey, Assert.Single(report.Unreadable).Key);

        var candidate = _directory.File("candidate.yaml");
        await File.WriteAllTextAsync(candidate, MixedStore.WithoutKey1, ct);
        var check = await AtRestServer.RunCliAsync(["secrets-encrypt", "check-config", candidate, "--kubeconfig", server.KubeconfigPath], ct);
        Assert.True(check.ExitCode == 2, $"exit {check.ExitCode}: {check.Stderr}");
        var text = Encoding.UTF8.GetString(check.Stdout);
        Assert.Contains("1 stored object(s) would become unreadable", text, StringComparison.Ordinal);
        Assert.Contains(MixedStore.Key1Key, text, StringComparison.Ordinal);

        // Without credentials the endpoint is closed.
        using var anonymous = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var response = await anonymous.GetAsync(new Uri(new Uri(server.Url), LifecycleKeys.InventoryPath), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reload_lacking_a_key_in_use_is_refused_and_healthz_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);
        await using var server = await AtRestServer.StartAsync(DataDirectory,
            ["--encryption-provider-config", config, "--encryption-provider-config-automatic-reload", "--encryption-provider-config-reload-interval", "200ms"], ct);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        using (var created = await client.PostAsync("/api/v1/namespaces/default/secrets",
            new StringContent("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"k":"dg=="}}""", Encoding.UTF8, "application/json"), ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // key2 wrote s1; a file without key2 would lock it out.
        await File.WriteAllTextAsync(config, MixedStore.Current.Replace("key2", "keyB", StringComparison.Ordinal), ct);
        string healthz;
        do
        {
            await Task.Delay(100, ct);
            using var response = await client.GetAsync("/healthz", ct);
            healthz = await response.Content.ReadAsStringAsync(ct);
        }
        while (!healthz.Contains("would become unreadable", StringComparison.Ordinal));

        Assert.Contains("/registry/secrets/default/s1", healthz, StringComparison.Ordinal);
        Assert.Contains("would become unreadable", server.Log, StringComparison.Ordinal);
        using var read = await client.GetAsync("/api/v1/namespaces/default/secrets/s1", ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
    [Fact]
    public async Task Status_shows_keys_and_servers_online_and_offline_names_a_server_with_another_config()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, MixedStore.Current, ct);
        await using var server = await AtRestServer.StartAsync(DataDirectory, ["--encryption-provider-config", config], ct);

        var json = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath, "-o", "json"], ct);
        Assert.True(json.ExitCode == 0, $"exit {json.ExitCode}: {json.Stderr}\n{server.Log}");
        var status = JsonSerializer.Deserialize<EncryptionStatus>(json.Stdout, LifecycleJson.Options)!;
        Assert.True(status.Enabled);
        var self = Assert.Single(status.Servers);
        Assert.True(self.Live && self.SameConfig);
        Assert.True(status.AllHashesMatch);
        Assert.Equal("key2", status.Resources.Single(r => r.Resource == "secrets").Keys[0].Name);

        var yaml = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath, "-o", "yaml"], ct);
        Assert.Contains("enabled: true\n", Encoding.UTF8.GetString(yaml.Stdout), StringComparison.Ordinal);

        var table = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath], ct);
        var text = Encoding.UTF8.GetString(table.Stdout);
        Assert.Contains("Encryption Status: Enabled\nCurrent Rotation Stage: start\nServer Encryption Hashes: All hashes match\n", text, StringComparison.Ordinal);
        Assert.Contains(self.Record.Id, text, StringComparison.Ordinal);
        Assert.Matches(@"secrets\s+\*\s+AES-CBC\s+key2", text);
        Assert.Matches(@"secrets\s+XSalsa20-POLY1305\s+sb1", text);

        // Offline, against another file: the running server has not loaded it.
        var candidate = _directory.File("candidate.yaml");
        await File.WriteAllTextAsync(candidate, MixedStore.WithoutKey1, ct);
        var offline = await AtRestServer.RunCliAsync(
            ["secrets-encrypt", "status", "--data-dir", DataDirectory, "--encryption-provider-config", candidate], ct);
        Assert.True(offline.ExitCode == 0, $"exit {offline.ExitCode}: {offline.Stderr}");
        Assert.Contains($"Server Encryption Hashes: hash does not match between this configuration and {self.Record.Id}\n",
            Encoding.UTF8.GetString(offline.Stdout), StringComparison.Ordinal);
    }
}
