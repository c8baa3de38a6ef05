using System.Text;
using AtRest.Tests.Shared;
using k8s;
using k8s.Models;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// The real <c>atrest server</c> on a fresh data directory with the article's two secrets (<c>secret1</c>:
/// user=admin, <c>secret2</c>: pass=12345678), and a client to change them. <see cref="Root"/> stands for the
/// machine's <c>/</c>, so the article's <c>/etc/secret1</c> is <c>Root/etc/secret1</c>.
/// </summary>
public sealed class ArticleCluster : IAsyncDisposable
{
    private readonly TempDirectory _scratch;

    private ArticleCluster(TempDirectory scratch, AtRestServer server, k8s.Kubernetes client)
    {
        _scratch = scratch;
        Server = server;
        Client = client;
    }

    /// <summary>The running server.</summary>
    public AtRestServer Server { get; }

    /// <summary>An admin client of the server.</summary>
    public k8s.Kubernetes Client { get; private set; }

    /// <summary>A fresh folder standing for <c>/</c>.</summary>
    public string Root => _scratch.File("root");

    /// <summary>A path under <see cref="Root"/>, e.g. <c>etc/secret1</c>.</summary>
    public string PathUnderRoot(string relative) => Path.Combine(Root, relative);

    /// <summary>Starts the server and creates the article's secrets.</summary>
    public static async Task<ArticleCluster> StartAsync(CancellationToken cancellationToken)
    {
        var scratch = new TempDirectory("deliver");
        Directory.CreateDirectory(scratch.File("root"));
        var server = await AtRestServer.StartAsync(scratch.File("data"), cancellationToken: cancellationToken);
        var cluster = new ArticleCluster(scratch, server, Connect(server));
        await cluster.CreateSecretAsync("secret1", new() { ["user"] = "admin" }, cancellationToken);
        await cluster.CreateSecretAsync("secret2", new() { ["pass"] = "12345678" }, cancellationToken);
        return cluster;
    }

    /// <summary>Creates a secret with <paramref name="data"/>.</summary>
    public Task CreateSecretAsync(string name, Dictionary<string, string> data, CancellationToken cancellationToken) =>
        Client.CoreV1.CreateNamespacedSecretAsync(Secret(name, data), "default", cancellationToken: cancellationToken);

    /// <summary>Replaces a secret's data.</summary>
    public Task ReplaceSecretAsync(string name, Dictionary<string, string> data, CancellationToken cancellationToken) =>
        Client.CoreV1.ReplaceNamespacedSecretAsync(Secret(name, data), name, "default", cancellationToken: cancellationToken);

    /// <summary>Deletes a secret.</summary>
    public Task DeleteSecretAsync(string name, CancellationToken cancellationToken) =>
        Client.CoreV1.DeleteNamespacedSecretAsync(name, "default", cancellationToken: cancellationToken);

    /// <summary>Creates a ConfigMap.</summary>
    public Task CreateConfigMapAsync(string name, Dictionary<string, string> data, CancellationToken cancellationToken) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = data }, "default", cancellationToken: cancellationToken);

    /// <summary>
    /// Restarts the server (it may come back on another port; its kubeconfig is rewritten) and reconnects the client;
    /// <paramref name="whileStopped"/> runs while it is down.
    /// </summary>
    public async Task RestartServerAsync(CancellationToken cancellationToken, Func<Task>? whileStopped = null)
    {
        await Server.StopAsync();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        await Server.RestartAsync(cancellationToken: cancellationToken);
        Client.Dispose();
        Client = Connect(Server);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _scratch.Dispose();
    }

    private static k8s.Kubernetes Connect(AtRestServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));

    private static V1Secret Secret(string name, Dictionary<string, string> data) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = data.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value)),
    };
}
