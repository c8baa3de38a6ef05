using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Cli.Tests.KmsPlugin;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using AtRest.Tests.Shared.KubeApiServer;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// A real etcd shared by a real kube-apiserver v1.20.2 and the real <c>atrest server --etcd-servers</c>, both encrypting
/// secrets through one real <c>atrest kms-plugin</c> process on a unix socket: kube-apiserver with KMS v1
/// (<see cref="KmsInteropConfigs.Kube"/>), AtRest with <c>--feature-gates=KMSv1=true</c> and
/// <see cref="KmsInteropConfigs.AtRestV1First"/>. The subclass supplies the plugin's backend.
/// </summary>
public abstract class KmsInteropPair : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new("kms-interop");

    /// <summary>The plugin's socket (short: unix socket paths are limited to 107 bytes).</summary>
    public string SocketPath => _scratch.File("kms.sock");

    /// <summary>The plugin's endpoint in the configurations.</summary>
    public string Endpoint => $"unix://{SocketPath}";

    /// <summary>The shared etcd.</summary>
    public EtcdServer Etcd { get; private set; } = null!;

    /// <summary>The real kube-apiserver.</summary>
    public RealKubeApiServer Kube { get; private set; } = null!;

    /// <summary>The real atrest server.</summary>
    public AtRestServer AtRest { get; private set; } = null!;

    internal KmsPluginProcess Plugin { get; private set; } = null!;

    /// <summary>Logs of the servers and the plugin, for failure messages.</summary>
    public string Logs => $"--- kube-apiserver ---\n{Kube?.Log}\n--- atrest ---\n{AtRest?.Log}\n--- kms-plugin ---\n{Plugin?.Log}";

    /// <summary>The scratch directory (key files, tokens).</summary>
    protected TempDirectory Scratch => _scratch;

    /// <summary>The <c>--backend …</c> flags of the plugin and its <c>rotate</c>.</summary>
    protected abstract IReadOnlyList<string> BackendArguments { get; }

    /// <summary>Environment of the plugin processes.</summary>
    protected virtual IReadOnlyDictionary<string, string> BackendEnvironment => new Dictionary<string, string>();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await PrepareBackendAsync();
        Assert.Equal("1", await KmsPluginProcess.RotateAsync(BackendArguments, BackendEnvironment));
        Plugin = await KmsPluginProcess.StartAsync(["--listen", Endpoint, "--health-address", "127.0.0.1:0", .. BackendArguments], BackendEnvironment);
        Etcd = await EtcdServer.StartAsync(cancellationToken: cancellationToken);
        File.WriteAllText(_scratch.File("atrest-v1-first.yaml"), KmsInteropConfigs.AtRestV1First(Endpoint));
        var kube = RealKubeApiServer.StartAsync(Etcd.Endpoint, "/registry", KmsInteropConfigs.Kube(Endpoint), cancellationToken);
        var atrest = AtRestServer.StartAsync(_scratch.File("atrest-data"), AtRestArguments("atrest-v1-first.yaml"), cancellationToken);
        try
        {
            await Task.WhenAll(kube, atrest);
        }
        catch (Exception e)
        {
            // Whichever started must not outlive the failed fixture.
            var log = Plugin.Log;
            if (kube.IsCompletedSuccessfully)
            {
                await kube.Result.DisposeAsync();
            }

            if (atrest.IsCompletedSuccessfully)
            {
                await atrest.Result.DisposeAsync();
            }

            await Etcd.DisposeAsync();
            Etcd = null!;
            await Plugin.DisposeAsync();
            Plugin = null!;
            throw new InvalidOperationException($"{e.Message}\n--- kms-plugin ---\n{log}", e);
        }

        Kube = kube.Result;
        AtRest = atrest.Result;
        await WaitAtRestReadyAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (AtRest is not null)
        {
            await AtRest.DisposeAsync();
        }

        if (Kube is not null)
        {
            await Kube.DisposeAsync();
        }

        if (Etcd is not null)
        {
            await Etcd.DisposeAsync();
        }

        if (Plugin is not null)
        {
            await Plugin.DisposeAsync();
        }

        DisposeBackend();
        _scratch.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>kubectl against kube-apiserver.</summary>
    internal EndToEnd.Kubectl KubeKubectl() => new(KubectlBinaries.Dispatcher, Kube.KubeconfigPath, _scratch.File("kubectl-kube"));

    /// <summary>kubectl against AtRest.</summary>
    internal EndToEnd.Kubectl AtRestKubectl() => new(KubectlBinaries.Dispatcher, AtRest.KubeconfigPath, _scratch.File("kubectl-atrest"));

    /// <summary>Restarts AtRest with the configuration <paramref name="yaml"/> and waits until its KMS checks pass.</summary>
    public async Task RestartAtRestAsync(string yaml, string fileName)
    {
        File.WriteAllText(_scratch.File(fileName), yaml);
        await AtRest.RestartAsync(AtRestArguments(fileName), TestContext.Current.CancellationToken);
        await WaitAtRestReadyAsync();
    }

    /// <summary>Every key under <paramref name="prefix"/> with its stored bytes.</summary>
    public async Task<IReadOnlyList<KeyValue>> StoredAsync(string prefix)
    {
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = Etcd.Endpoints });
        var page = await store.RangeAsync(new RangeRequest(prefix, null, 0, 0, false), TestContext.Current.CancellationToken);
        Assert.False(page.More);
        return page.Items;
    }

    /// <summary>Creates the backend's key store before the first <c>rotate</c> (nothing for a key file).</summary>
    protected virtual Task PrepareBackendAsync() => Task.CompletedTask;

    /// <summary>Removes what <see cref="PrepareBackendAsync"/> made.</summary>
    protected virtual void DisposeBackend()
    {
    }

    private async Task WaitAtRestReadyAsync()
    {
        // A KMS v2 write provider takes writes once its first Status came; /readyz says when.
        var kubectl = AtRestKubectl();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var result = await kubectl.RunAsync("get", "--raw", "/readyz");
            if (result.ExitCode == 0 && result.Stdout.Trim() == "ok")
            {
                return;
            }

            last = result.Stdout + result.Stderr;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"AtRest was not ready with the kms providers within 90 s: {last}\n{Logs}");
    }

    private string[] AtRestArguments(string configFile) =>
        ["--etcd-servers", Etcd.Endpoint, "--encryption-provider-config", _scratch.File(configFile), "--feature-gates", "KMSv1=true"];
}
