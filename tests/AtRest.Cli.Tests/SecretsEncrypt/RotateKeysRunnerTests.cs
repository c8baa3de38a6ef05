using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;
using AtRest.Cli.Tests.Server;
using AtRest.Storage;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// rotate-keys and the step verbs against a real server on the embedded store, with the re-encryption step played by
/// <see cref="ReplacingReencryptStep"/> (the engine lives on another branch): the file edits, the waits on the servers'
/// records, the stage record, the inventory check before an old key goes, and continuing after a kill.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", "Integration")]
public sealed class RotateKeysRunnerTests : IDisposable
{
    internal const string OldSecret = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    internal const string Config = $$"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: {{OldSecret}}
              - identity: {}
        """;

    private const int Secrets = 5;
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("rotate-keys");

    public void Dispose() => _directory.Dispose();

    private string ConfigPath => _directory.File("config.yaml");

    internal static string[] ServerArguments(string config, params string[] more) =>
        ["--encryption-provider-config", config, "--encryption-provider-config-automatic-reload", "--encryption-provider-config-reload-interval", "200ms", .. more];

    private async Task<AtRestServer> StartAsync(CancellationToken ct, params string[] more)
    {
        await File.WriteAllTextAsync(ConfigPath, Config, ct);
        var server = await AtRestServer.StartAsync(_directory.File("data"), ServerArguments(ConfigPath, more), ct);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        await SeedAsync(client, Secrets, ct);
        return server;
    }

    internal static async Task SeedAsync(HttpClient client, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            using var created = await client.PostAsync("/api/v1/namespaces/default/secrets",
                new StringContent($$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s{{{i}}}"},"data":{"k":"dmFsdWU="}}""", Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    internal static RotateKeysRunner Runner(
        AtRestServer server, IRotateReencryptStep step, TextWriter output, bool force = false, string? config = null, StoreLocation? purge = null) =>
        new(new RotateServer(LifecycleClient.Create(server.KubeconfigPath)), step,
            new RotateSettings(config, TimeSpan.FromMinutes(2), force, SkipPurge: false) { PollInterval = TimeSpan.FromMilliseconds(200), PurgeEtcd = purge },
            output, TimeProvider.System);

    /// <summary>Every secret is on <paramref name="key"/> and reads; the file holds only that key.</summary>
    internal static async Task AssertAllOnAsync(AtRestServer server, string config, string key, int count, CancellationToken ct)
    {
        var rotate = new RotateServer(LifecycleClient.Create(server.KubeconfigPath));
        var inventory = await rotate.InventoryAsync(ct);
        var secrets = Assert.Single(inventory.Resources, r => r.Resource == "secrets");
        Assert.Equal(new Dictionary<string, long> { [$"k8s:enc:aescbc:v1:{key}:"] = count }, secrets.ByKey);
        Assert.Equal(0, inventory.UnreadableCount);
        Assert.Equal([key], ConfigFileDocument.Load(config).Rules[0].KeyNames);
        Assert.DoesNotContain(OldSecret, await File.ReadAllTextAsync(config, ct), StringComparison.Ordinal);

        using var client = ServerAdminClient.Create(server, HttpTimeout);
        for (var i = 0; i < count; i++)
        {
            using var read = await client.GetAsync($"/api/v1/namespaces/default/secrets/s{i}", ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Fact]
    public async Task Rotate_keys_ends_with_every_secret_on_a_new_key_and_the_old_key_gone_from_the_servers_own_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        var output = new StringWriter();

        // No --encryption-provider-config: the file the server reports in status.
        await Runner(server, new ReplacingReencryptStep(client), output).RunAllAsync(ct);

        var rotation = await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct);
        Assert.Equal(RotationStage.ReencryptFinished, rotation.Record.Stage);
        Assert.Matches("^key-[0-9]{14}$", rotation.Record.NewKey);
        Assert.Equal(["key1"], rotation.Record.OldKeys);
        await AssertAllOnAsync(server, ConfigPath, rotation.Record.NewKey, Secrets, ct);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));

        var text = output.ToString();
        Assert.Contains($"prepare: new aescbc key {rotation.Record.NewKey} for secrets (replacing key1), added as a read key", text, StringComparison.Ordinal);
        Assert.Contains($"rotate: {rotation.Record.NewKey} is the write key for secrets", text, StringComparison.Ordinal);
        Assert.Contains("removing key(s) key1 from " + ConfigPath, text, StringComparison.Ordinal);
        Assert.Contains("run `atrest secrets-encrypt purge`", text, StringComparison.Ordinal);
        var newSecret = (await File.ReadAllTextAsync(ConfigPath, ct)).Split("secret: ")[1].Trim();
        Assert.DoesNotContain(newSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, server.Log, StringComparison.Ordinal);

        // Status reports the stage, and so does the server's own record once its next heartbeat ran.
        var status = await StatusJsonAsync(server, ct);
        Assert.Equal(RotationStage.ReencryptFinished, status.Stage);
        Assert.Equal(ConfigPath, status.ConfigPath);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while ((await StatusJsonAsync(server, deadline.Token)).Servers.Single().Record.Stage != RotationStage.ReencryptFinished)
        {
            await Task.Delay(500, deadline.Token);
        }

        // A second rotation starts from reencrypt_finished.
        await Runner(server, new ReplacingReencryptStep(client), TextWriter.Null).RunAllAsync(ct);
        var second = await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct);
        Assert.NotEqual(rotation.Record.NewKey, second.Record.NewKey);
        Assert.Equal([rotation.Record.NewKey], second.Record.OldKeys);
        await AssertAllOnAsync(server, ConfigPath, second.Record.NewKey, Secrets, ct);
    }

    [Fact]
    public async Task An_old_key_still_in_use_is_kept_and_force_first_prints_how_many_objects_it_locks_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct, LockoutOverride.Flag);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        var missing = new ReplacingReencryptStep(client, rewrite: false);

        var refused = await Assert.ThrowsAsync<LifecycleException>(() => Runner(server, missing, TextWriter.Null, config: ConfigPath).RunAllAsync(ct));
        Assert.Contains($"finds {Secrets} object(s) of secrets still under key(s) key1 and 0 unreadable: not removing key1 from {ConfigPath}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("pass --force", refused.Message, StringComparison.Ordinal);
        var rotation = await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct);
        Assert.Equal(RotationStage.ReencryptActive, rotation.Record.Stage);
        Assert.Equal([rotation.Record.NewKey, "key1"], ConfigFileDocument.Load(ConfigPath).Rules[0].KeyNames);

        var output = new StringWriter();
        await Runner(server, missing, output, force: true, config: ConfigPath).ReencryptAsync(ct);
        Assert.Contains($"--force: removing key1: {Secrets} stored object(s) would become unreadable: /registry/secrets/default/s", output.ToString(), StringComparison.Ordinal);
        Assert.Equal([rotation.Record.NewKey], ConfigFileDocument.Load(ConfigPath).Rules[0].KeyNames);
        Assert.Equal(RotationStage.ReencryptFinished, (await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct)).Record.Stage);
    }

    [Fact]
    public async Task Step_verbs_check_the_stage_and_name_the_one_needed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);

        var rotate = await AtRestServer.RunCliAsync(["secrets-encrypt", "rotate", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.Equal(1, rotate.ExitCode);
        Assert.StartsWith("Error: rotate needs rotation stage prepare or rotate, but the stage is start: run `atrest secrets-encrypt prepare`", rotate.Stderr, StringComparison.Ordinal);
        // Outside a rotation, reencrypt is a plain run with the current write key: the file stays as it is.
        var reencrypt = await AtRestServer.RunCliAsync(["secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.True(reencrypt.ExitCode == 0, $"exit {reencrypt.ExitCode}: {reencrypt.Stderr}\n{server.Log}");
        Assert.Contains("Re-encryption: Completed", Encoding.UTF8.GetString(reencrypt.Stdout), StringComparison.Ordinal);
        Assert.Equal(Config, await File.ReadAllTextAsync(ConfigPath, ct));

        var prepare = await AtRestServer.RunCliAsync(["secrets-encrypt", "prepare", "--kubeconfig", server.KubeconfigPath, "--timeout", "2m"], ct);
        Assert.True(prepare.ExitCode == 0, $"exit {prepare.ExitCode}: {prepare.Stderr}\n{server.Log}");
        Assert.Contains("all 1 server(s) serve sha256:", Encoding.UTF8.GetString(prepare.Stdout), StringComparison.Ordinal);
        var early = await AtRestServer.RunCliAsync(["secrets-encrypt", "reencrypt", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.Equal(1, early.ExitCode);
        Assert.StartsWith("Error: reencrypt needs rotation stage rotate or reencrypt_request or reencrypt_active, but the stage is prepare: run `atrest secrets-encrypt rotate`",
            early.Stderr, StringComparison.Ordinal);
        var disable = await AtRestServer.RunCliAsync(["secrets-encrypt", "disable", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.Equal(1, disable.ExitCode);
        Assert.StartsWith("Error: disable needs rotation stage start or reencrypt_finished, but the stage is prepare: run `atrest secrets-encrypt rotate`", disable.Stderr, StringComparison.Ordinal);

        var status = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.Contains("Current Rotation Stage: prepare\n", Encoding.UTF8.GetString(status.Stdout), StringComparison.Ordinal);

        var rotated = await AtRestServer.RunCliAsync(["secrets-encrypt", "rotate", "--kubeconfig", server.KubeconfigPath, "--encryption-provider-config", ConfigPath], ct);
        Assert.True(rotated.ExitCode == 0, $"exit {rotated.ExitCode}: {rotated.Stderr}");
        var keys = ConfigFileDocument.Load(ConfigPath).Rules[0].KeyNames;
        Assert.Equal(2, keys.Count);
        Assert.Equal("key1", keys[1]);

        var badTimeout = await AtRestServer.RunCliAsync(["secrets-encrypt", "rotate", "--kubeconfig", server.KubeconfigPath, "--timeout", "soon"], ct);
        Assert.Equal(1, badTimeout.ExitCode);
        Assert.Contains("invalid argument \"soon\" for \"--timeout\" flag", badTimeout.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_and_enable_move_identity_and_wait_for_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        var disable = await AtRestServer.RunCliAsync(["secrets-encrypt", "disable", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.True(disable.ExitCode == 0, $"exit {disable.ExitCode}: {disable.Stderr}");
        Assert.Equal(["identity", "aescbc"], ConfigFileDocument.Load(ConfigPath).Rules[0].ProviderTypes);
        Assert.False((await StatusJsonAsync(server, ct)).Enabled);

        var enable = await AtRestServer.RunCliAsync(["secrets-encrypt", "enable", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.True(enable.ExitCode == 0, $"exit {enable.ExitCode}: {enable.Stderr}");
        Assert.Equal(["aescbc", "identity"], ConfigFileDocument.Load(ConfigPath).Rules[0].ProviderTypes);
        Assert.True((await StatusJsonAsync(server, ct)).Enabled);
        var again = await AtRestServer.RunCliAsync(["secrets-encrypt", "enable", "--kubeconfig", server.KubeconfigPath], ct);
        Assert.Contains("encryption is already enabled in " + ConfigPath, Encoding.UTF8.GetString(again.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_keys_killed_mid_way_continues_from_the_recorded_stage_with_the_same_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StartAsync(ct);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { AtRestServer.AtrestDll, "secrets-encrypt", "rotate-keys", "--kubeconfig", server.KubeconfigPath })
        {
            info.ArgumentList.Add(argument);
        }

        string? newKey = null;
        var seen = new StringBuilder();
        using (var process = Process.Start(info)!)
        {
            _ = process.StandardError.ReadToEndAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.StartsWith("rotate: ", StringComparison.Ordinal))
                {
                    newKey = line.Split(' ')[1];
                    break;
                }
            }

            Assert.True(newKey is not null, $"rotate-keys never reached the rotate stage:\n{seen}");
            process.Kill();
            await process.WaitForExitAsync(ct);
        }

        Assert.Equal(RotationStage.Rotate, (await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct)).Record.Stage);
        using var client = ServerAdminClient.Create(server, HttpTimeout);
        var output = new StringWriter();
        await Runner(server, new ReplacingReencryptStep(client), output).RunAllAsync(ct);
        Assert.Contains("continuing the rotation at stage rotate", output.ToString(), StringComparison.Ordinal);
        await AssertAllOnAsync(server, ConfigPath, newKey, Secrets, ct);
    }

    internal static async Task<EncryptionStatus> StatusJsonAsync(AtRestServer server, CancellationToken ct)
    {
        var result = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", server.KubeconfigPath, "-o", "json"], ct);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return JsonSerializer.Deserialize<EncryptionStatus>(result.Stdout, LifecycleJson.Options)!;
    }
}
