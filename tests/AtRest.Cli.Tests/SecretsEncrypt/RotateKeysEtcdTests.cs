using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;
using AtRest.Cli.Tests.Server;
using AtRest.Storage;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// Two servers on one real etcd, each with its own copy of the configuration file: rotate-keys edits only its own copy,
/// so it waits, names the server that has not loaded the new key (as status does), and goes on once that copy is updated.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RotateKeysEtcdTests : IDisposable
{
    private const int Secrets = 5;
    private readonly TempDirectory _directory = new("rotate-keys-etcd");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_second_server_with_an_old_file_makes_rotate_keys_wait_and_status_names_it_until_its_file_is_updated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        var configA = _directory.File("a.yaml");
        var configB = _directory.File("b.yaml");
        await File.WriteAllTextAsync(configA, RotateKeysRunnerTests.Config, ct);
        await File.WriteAllTextAsync(configB, RotateKeysRunnerTests.Config, ct);
        await using var serverA = await AtRestServer.StartAsync(_directory.File("a"),
            RotateKeysRunnerTests.ServerArguments(configA, "--etcd-servers", etcd.Endpoint), ct);
        await using var serverB = await AtRestServer.StartAsync(_directory.File("b"),
            RotateKeysRunnerTests.ServerArguments(configB, "--etcd-servers", etcd.Endpoint), ct);
        using var client = ServerAdminClient.Create(serverA, TimeSpan.FromSeconds(60));
        await RotateKeysRunnerTests.SeedAsync(client, Secrets, ct);

        // The synchronized writer locks itself around each write, so reading under the same lock sees whole lines.
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        string Output()
        {
            lock (output)
            {
                return text.ToString();
            }
        }

        var run = RotateKeysRunnerTests.Runner(serverA, new ReplacingReencryptStep(client), output, config: configA,
            purge: new StoreLocation { DataDirectory = _directory.Path, EtcdServers = [etcd.Endpoint] }).RunAllAsync(ct);

        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            // First both lag (the first server reloads within its interval), then only the second one.
            while (!Output().Contains($"waiting for 1 of 2 server(s) to load {configA}", StringComparison.Ordinal))
            {
                Assert.False(run.IsCompleted, $"rotate-keys ended without waiting for the second server:\n{Output()}");
                await Task.Delay(200, deadline.Token);
            }
        }

        Assert.Matches($@"waiting for 1 of 2 server\(s\) to load .*: [^ ]+ \(host [^ ]+, pid {serverB.ProcessId}\) serves sha256:", Output());
        var lagging = (await RotateKeysRunnerTests.StatusJsonAsync(serverA, ct)).Servers.Single(s => s.Record.ProcessId == serverB.ProcessId);
        Assert.False(lagging.SameConfig);
        var table = await AtRestServer.RunCliAsync(["secrets-encrypt", "status", "--kubeconfig", serverA.KubeconfigPath], ct);
        Assert.Contains($"Server Encryption Hashes: hash does not match between this configuration and {lagging.Record.Id}\n",
            Encoding.UTF8.GetString(table.Stdout), StringComparison.Ordinal);
        Assert.Contains("Current Rotation Stage: prepare\n", Encoding.UTF8.GetString(table.Stdout), StringComparison.Ordinal);
        Assert.False(run.IsCompleted);

        // The operator copies the file to the second server, at each step.
        while (!run.IsCompleted)
        {
            var content = await File.ReadAllBytesAsync(configA, ct);
            var copy = await File.ReadAllBytesAsync(configB, ct);
            if (!content.AsSpan().SequenceEqual(copy))
            {
                await File.WriteAllBytesAsync(configB, content, ct);
            }

            await Task.WhenAny(run, Task.Delay(200, ct));
        }

        await run;
        Assert.Contains("all 2 server(s) serve", Output(), StringComparison.Ordinal);
        Assert.Contains($"purged etcd ", Output(), StringComparison.Ordinal);
        Assert.Contains("compacted to revision", Output(), StringComparison.Ordinal);
        var rotation = await new RotateServer(LifecycleClient.Create(serverA.KubeconfigPath)).RotationAsync(ct);
        Assert.Equal(RotationStage.ReencryptFinished, rotation.Record.Stage);
        await RotateKeysRunnerTests.AssertAllOnAsync(serverA, configA, rotation.Record.NewKey, Secrets, ct);
        var history = await LifecycleClient.Create(serverA.KubeconfigPath).GetAsync<InventoryReport>(LifecycleKeys.InventoryPath, ct);
        Assert.True(history.HistoryScanned);
        Assert.Equal(0, history.HistoryExposed);
        using var clientB = ServerAdminClient.Create(serverB, TimeSpan.FromSeconds(60));
        using var read = await clientB.GetAsync("/api/v1/namespaces/default/secrets/s0", ct);
        Assert.True(read.IsSuccessStatusCode, $"{read.StatusCode}\n{serverB.Log}");
    }
}
