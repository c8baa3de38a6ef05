using System.Diagnostics;
using System.Text;
using AtRest.Tests.Shared;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>The official C# client and Debian's python3-kubernetes drive create, get, list, watch and delete through the admin kubeconfig.</summary>
[Trait("Category", "Integration")]
public sealed class ClientLibraryTests : IAsyncLifetime
{
    private const string PythonScript = """
        import base64, sys
        from kubernetes import client, config, watch
        config.load_kube_config(config_file=sys.argv[1])
        v1 = client.CoreV1Api()
        def secret(name, data):
            return client.V1Secret(metadata=client.V1ObjectMeta(name=name), string_data=data)
        v1.create_namespaced_secret("default", secret("python", {"k": "v"}))
        assert base64.b64decode(v1.read_namespaced_secret("python", "default").data["k"]) == b"v"
        listed = v1.list_namespaced_secret("default")
        assert any(item.metadata.name == "python" for item in listed.items)
        # Watching from the list's resourceVersion sees every later change, so the create may come first.
        v1.create_namespaced_secret("default", secret("python-2", {"a": "b"}))
        w = watch.Watch()
        seen = None
        for event in w.stream(v1.list_namespaced_secret, "default", resource_version=listed.metadata.resource_version, timeout_seconds=30):
            if event["type"] == "ADDED" and event["object"].metadata.name == "python-2":
                seen = event["object"]
                w.stop()
        assert seen is not None, "no ADDED event for python-2"
        v1.delete_namespaced_secret("python", "default")
        try:
            v1.read_namespaced_secret("python", "default")
            sys.exit("python is still there after delete")
        except client.exceptions.ApiException as e:
            assert e.status == 404, e.status
        print("python client ok")
        """;

    private readonly TempDirectory _scratch = new("clients");
    private AtRestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await AtRestServer.StartAsync(_scratch.File("data"), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Official_csharp_client_creates_gets_lists_watches_and_deletes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath);
        using var client = new k8s.Kubernetes(config);

        await client.CoreV1.CreateNamespacedSecretAsync(Secret("csharp", "k", "v"), "default", cancellationToken: cancellationToken);
        var read = await client.CoreV1.ReadNamespacedSecretAsync("csharp", "default", cancellationToken: cancellationToken);
        Assert.Equal("v", Encoding.UTF8.GetString(read.Data["k"]));
        var listed = await client.CoreV1.ListNamespacedSecretAsync("default", cancellationToken: cancellationToken);
        Assert.Contains(listed.Items, item => item.Metadata.Name == "csharp");

        await client.CoreV1.CreateNamespacedSecretAsync(Secret("csharp-2", "a", "b"), "default", cancellationToken: cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        V1Secret? seen = null;
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedSecretAsync("default",
            resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: timeout.Token))
        {
            if (type == WatchEventType.Added && item.Metadata.Name == "csharp-2")
            {
                seen = item;
                break;
            }
        }

        Assert.NotNull(seen);
        await client.CoreV1.DeleteNamespacedSecretAsync("csharp", "default", cancellationToken: cancellationToken);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.ReadNamespacedSecretAsync("csharp", "default", cancellationToken: cancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Debian_python_client_creates_gets_lists_watches_and_deletes()
    {
        // Debian's python3-kubernetes lives under /usr/bin/python3, not under a pyenv or venv python on PATH.
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(PythonScript);
        info.ArgumentList.Add(_server.KubeconfigPath);
        info.Environment["HOME"] = _scratch.Path;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"python client failed ({process.ExitCode}):\n{await stdout}\n{await stderr}\nServer log:\n{_server.Log}");
        Assert.Contains("python client ok", await stdout, StringComparison.Ordinal);
    }

    private static V1Secret Secret(string name, string key, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        StringData = new Dictionary<string, string> { [key] = value },
    };
}
