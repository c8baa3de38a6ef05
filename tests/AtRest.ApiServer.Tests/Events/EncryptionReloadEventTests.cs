using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Encryption.Configuration;
using AtRest.ApiServer.Tests.Support;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Events;

/// <summary>
/// The server records its encryption configuration reloads: a rejected file is a Warning and an applied one a Normal
/// event in <c>default</c> about namespace <c>kube-system</c>, as kube-apiserver's own events are, so
/// <c>kubectl get events</c> (and its field selectors) show operators what happened.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EncryptionReloadEventTests : IDisposable
{
    private readonly TempDirectory _scratch = new("reload-events");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Rejected_and_applied_configurations_are_events()
    {
        var token = TestContext.Current.CancellationToken;
        var config = _scratch.File("encryption.yaml");
        File.WriteAllText(config, EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key1", EncryptionConfigs.Key1)), EncryptionProviderSpec.Identity));
        await using var server = await AtRestServer.StartAsync(_scratch.File("data"),
            ["--encryption-provider-config", config, "--encryption-provider-config-automatic-reload", "--encryption-provider-config-reload-interval", "100ms"], token);
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, server.KubeconfigPath, _scratch.Path);
        await using var watch = new WatchLines(kubectl.Start("get", "events", "-n", "default", "-w"));

        File.WriteAllText(config, "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [");
        Assert.Matches(@"Warning\s+EncryptionConfigRejected\s+namespace/kube-system\s+error processing encryption config file ", await watch.UntilAsync(line => line.Contains("EncryptionConfigRejected", StringComparison.Ordinal)));
        File.WriteAllText(config, EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed("aescbc", ("key2", EncryptionConfigs.Key2), ("key1", EncryptionConfigs.Key1)), EncryptionProviderSpec.Identity));

        Assert.Matches(@"Normal\s+EncryptionConfigReloaded\s+namespace/kube-system\s+loaded new encryption config from ", await watch.UntilAsync(line => line.Contains("EncryptionConfigReloaded", StringComparison.Ordinal)));
        var about = (await kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.kind=Namespace,involvedObject.name=kube-system,source=apiserver")).EnsureSuccess().Stdout;
        Assert.Matches(@"Warning\s+EncryptionConfigRejected\s+namespace/kube-system\s+error processing encryption config file", about);
        Assert.Matches(@"Normal\s+EncryptionConfigReloaded\s+namespace/kube-system\s+loaded new encryption config from", about);
        Assert.DoesNotContain(EncryptionConfigs.Key2, (await kubectl.RunAsync("get", "events", "-o", "yaml")).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }
}
