using System.Text;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;
using AtRest.Cli.Tests.Server;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt rotate-keys</c> end to end, with the server's own re-encryption engine
/// (<c>POST/GET …/encryption/reencrypt</c>): needs that engine, which is built on another branch.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RotateKeysReencryptEndpointTests : IDisposable
{
    private const int Secrets = 20;
    private readonly TempDirectory _directory = new("rotate-keys-endpoint");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rotate_keys_moves_every_secret_written_before_to_a_new_key_and_removes_the_old_one(bool onEtcd)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = onEtcd ? await EtcdServer.StartAsync(cancellationToken: ct) : null;
        var config = _directory.File("config.yaml");
        await File.WriteAllTextAsync(config, RotateKeysRunnerTests.Config, ct);
        string[] store = etcd is null ? [] : ["--etcd-servers", etcd.Endpoint];
        await using var server = await AtRestServer.StartAsync(_directory.File("data"), RotateKeysRunnerTests.ServerArguments(config, store), ct);
        using (var client = ServerAdminClient.Create(server, TimeSpan.FromSeconds(60)))
        {
            await RotateKeysRunnerTests.SeedAsync(client, Secrets, ct);
        }

        var result = await AtRestServer.RunCliAsync(["secrets-encrypt", "rotate-keys", "--kubeconfig", server.KubeconfigPath, "--skip-purge"], ct);
        var stdout = Encoding.UTF8.GetString(result.Stdout);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}\n{stdout}\n{server.Log}");
        Assert.Contains("Completed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("purge", stdout, StringComparison.Ordinal);

        var rotation = await new RotateServer(LifecycleClient.Create(server.KubeconfigPath)).RotationAsync(ct);
        Assert.Equal(RotationStage.ReencryptFinished, rotation.Record.Stage);
        await RotateKeysRunnerTests.AssertAllOnAsync(server, config, rotation.Record.NewKey, Secrets, ct);
    }
}
