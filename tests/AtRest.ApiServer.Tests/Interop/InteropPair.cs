using System.Text;
using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using AtRest.Tests.Shared.KubeApiServer;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// A real etcd shared by a real kube-apiserver v1.20.2 and the real <c>atrest server --etcd-servers</c>, both on
/// <see cref="InteropProvider.Initial"/> under <c>/registry</c>, with the real kubectl pointed at each.
/// Tests that change the configuration (the rotation) leave both servers writing with the same provider and key.
/// </summary>
public abstract class InteropPair(InteropProvider provider) : IAsyncLifetime
{
    private static readonly LoadedEncryptionConfiguration Reader =
        EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(InteropProvider.ReadsAll), "interop-reads-all.yaml");

    private readonly TempDirectory _scratch = new("interop");

    /// <summary>The provider both servers start with.</summary>
    public InteropProvider Provider => provider;

    /// <summary>The shared etcd.</summary>
    public EtcdServer Etcd { get; private set; } = null!;

    /// <summary>The real kube-apiserver.</summary>
    public RealKubeApiServer Kube { get; private set; } = null!;

    /// <summary>The real atrest server.</summary>
    public AtRestServer AtRest { get; private set; } = null!;

    /// <summary>Logs of both servers, for failure messages.</summary>
    public string Logs => $"--- kube-apiserver ---\n{Kube.Log}\n--- atrest ---\n{AtRest.Log}";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Etcd = await EtcdServer.StartAsync(cancellationToken: cancellationToken);
        File.WriteAllText(_scratch.File("atrest-encryption.yaml"), provider.Initial);
        var kube = RealKubeApiServer.StartAsync(Etcd.Endpoint, "/registry", provider.Initial, cancellationToken);
        var atrest = AtRestServer.StartAsync(_scratch.File("atrest-data"), AtRestArguments("atrest-encryption.yaml"), cancellationToken);
        try
        {
            await Task.WhenAll(kube, atrest);
        }
        catch
        {
            // Whichever started must not outlive the failed fixture.
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
            throw;
        }

        Kube = kube.Result;
        AtRest = atrest.Result;
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

        _scratch.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>kubectl (<paramref name="binary"/>) against kube-apiserver.</summary>
    internal EndToEnd.Kubectl KubeKubectl(string binary) => new(binary, Kube.KubeconfigPath, _scratch.File("kubectl-kube"));

    /// <summary>kubectl (<paramref name="binary"/>) against AtRest.</summary>
    internal EndToEnd.Kubectl AtRestKubectl(string binary) => new(binary, AtRest.KubeconfigPath, _scratch.File("kubectl-atrest"));

    /// <summary>Restarts AtRest with the configuration <paramref name="yaml"/>.</summary>
    public async Task RestartAtRestAsync(string yaml, string fileName)
    {
        File.WriteAllText(_scratch.File(fileName), yaml);
        await AtRest.RestartAsync(AtRestArguments(fileName), TestContext.Current.CancellationToken);
    }

    /// <summary>Every key under <paramref name="prefix"/> with its stored bytes.</summary>
    public async Task<IReadOnlyList<KeyValue>> StoredAsync(string prefix)
    {
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = Etcd.Endpoints });
        var page = await store.RangeAsync(new RangeRequest(prefix, null, 0, 0, false), TestContext.Current.CancellationToken);
        Assert.False(page.More);
        return page.Items;
    }

    /// <summary>Deletes every key under <paramref name="prefix"/> straight from etcd (kube-apiserver v1.20 runs no namespace controller).</summary>
    public async Task WipeAsync(string prefix)
    {
        await using var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = Etcd.Endpoints });
        foreach (var item in (await store.RangeAsync(new RangeRequest(prefix, null, 0, 0, true), TestContext.Current.CancellationToken)).Items)
        {
            Assert.True((await store.DeleteAsync(item.Key, 0, TestContext.Current.CancellationToken)).Succeeded, $"cannot delete {item.Key}");
        }
    }

    /// <summary>The plaintext of a stored value (<c>/registry/RESOURCE/...</c>), decrypted with every key the tests use.</summary>
    public static async Task<byte[]> DecryptAsync(KeyValue stored)
    {
        var resource = stored.Key.Split('/')[2];
        var result = await Reader.For(new GroupResource("", resource))
            .TransformFromStorageAsync(stored.Value, Encoding.UTF8.GetBytes(stored.Key), TestContext.Current.CancellationToken);
        return result.Data.ToArray();
    }

    private string[] AtRestArguments(string configFile) =>
        ["--etcd-servers", Etcd.Endpoint, "--encryption-provider-config", _scratch.File(configFile)];
}
