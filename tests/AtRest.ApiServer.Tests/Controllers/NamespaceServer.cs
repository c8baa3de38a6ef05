using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.ApiServer.Tests.Support;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Controllers;

/// <summary>
/// The real <c>atrest server</c> process encrypting secrets with aescbc key1, an admin client, and the namespace
/// requests the namespace-controller tests share.
/// </summary>
internal sealed class NamespaceServer : IAsyncDisposable
{
    private readonly TempDirectory configs;

    private NamespaceServer(TempDirectory configs, HostileServerProcess process)
    {
        this.configs = configs;
        Process = process;
        Client = process.AdminClient();
    }

    /// <summary>The server process.</summary>
    public HostileServerProcess Process { get; }

    /// <summary>An admin client of the running server (a new one after each restart: the port changes).</summary>
    public HttpClient Client { get; private set; }

    /// <summary>Starts the server with aescbc key1 first for secrets.</summary>
    public static async Task<NamespaceServer> StartAsync()
    {
        var configs = new TempDirectory("nsctl-config");
        var config = configs.File("key1.yaml");
        File.WriteAllText(config, Config(("key1", EncryptionConfigs.Key1)));
        try
        {
            return new NamespaceServer(configs, await HostileServerProcess.StartAsync("--encryption-provider-config", config));
        }
        catch
        {
            configs.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Restarts the server reading secrets only with <paramref name="keys"/>; forced, since dropping a key that stored
    /// objects use is exactly what the start-up lock-out check refuses otherwise.
    /// </summary>
    public async Task RestartWithKeysAsync(params (string Name, string Secret)[] keys)
    {
        var config = configs.File($"config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, Config(keys));
        await Process.Server.RestartAsync(
            ["--encryption-provider-config", config, AtRest.ApiServer.Lifecycle.LockoutOverride.Flag], TestContext.Current.CancellationToken);
        RenewClient();
    }

    /// <summary>Kills the server with SIGKILL (no shutdown of any kind) and starts it again with the same flags.</summary>
    public async Task KillAndRestartAsync()
    {
        using (var process = System.Diagnostics.Process.GetProcessById(Process.Server.ProcessId))
        {
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await Process.Server.RestartAsync(cancellationToken: TestContext.Current.CancellationToken);
        RenewClient();
    }

    private void RenewClient()
    {
        Client.Dispose();
        Client = Process.AdminClient();
    }

    /// <summary>Creates namespace <paramref name="name"/> with <paramref name="finalizers"/> in metadata.finalizers.</summary>
    public Task CreateNamespaceAsync(string name, params string[] finalizers) =>
        HostileRequests.ExpectAsync(Client, "POST", "api/v1/namespaces",
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name, ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]) },
            }.ToJsonString(), 201);

    /// <summary>Creates secret <paramref name="name"/> in <paramref name="namespace"/>.</summary>
    public Task CreateSecretAsync(string @namespace, string name) =>
        HostileRequests.ExpectAsync(Client, "POST", $"api/v1/namespaces/{@namespace}/secrets",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}"},"data":{"v":"c2VjcmV0"}}""", 201);

    /// <summary>Creates configmap <paramref name="name"/> in <paramref name="namespace"/>.</summary>
    public Task CreateConfigMapAsync(string @namespace, string name) =>
        HostileRequests.ExpectAsync(Client, "POST", $"api/v1/namespaces/{@namespace}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", 201);

    /// <summary>The namespace, or null once it is gone.</summary>
    public async Task<JsonNode?> GetNamespaceAsync(string name)
    {
        var (status, body, _) = await Client.SendAsync("GET", $"api/v1/namespaces/{name}");
        Assert.True(status is 200 or 404, $"GET namespace {name}: {status} {body?.ToJsonString()}");
        return status == 200 ? body : null;
    }

    /// <summary>The names of the <paramref name="resource"/> objects in <paramref name="namespace"/>.</summary>
    public async Task<string[]> NamesAsync(string @namespace, string resource)
    {
        var list = await HostileRequests.ExpectAsync(Client, "GET", $"api/v1/namespaces/{@namespace}/{resource}", null, 200);
        return [.. list!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> and the server's log after a generous bound (a hang guard, not a timing check).</summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"gave up waiting for {what}. Server log:\n{Process.Server.Log}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until namespace <paramref name="name"/> is gone.</summary>
    public Task WaitForNamespaceGoneAsync(string name) =>
        WaitUntilAsync($"namespace {name} to be removed", async () => await GetNamespaceAsync(name) is null);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        configs.Dispose();
    }

    private static string Config(params (string Name, string Secret)[] keys) =>
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n      - aescbc:\n          keys:\n"
        + string.Concat(keys.Select(k => $"            - name: {k.Name}\n              secret: {k.Secret}\n"));
}
