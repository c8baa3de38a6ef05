using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Kubectl;

/// <summary>The real kubectl (1.32 through the dispatcher) against the plain-HTTP API: the core secret workflow.</summary>
[Trait("Category", "Integration")]
public sealed class KubectlSmokeTests : IAsyncLifetime
{
    private TestApiServer server = null!;
    private KubectlRunner kubectl = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/kubectl"), "kubectl is not installed at /usr/bin/kubectl");
        server = await TestApiServer.StartAsync(EncryptionConfigs.AescbcKey1());
        kubectl = new KubectlRunner(server.Address);
    }

    public async ValueTask DisposeAsync()
    {
        kubectl.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task CreateGetReplaceDelete_Secret()
    {
        var create = await kubectl.RunAsync("kubectl create secret generic secret1 --from-literal user=admin");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Equal("secret/secret1 created", create.Stdout.Trim());

        var get = await kubectl.RunAsync("kubectl get secrets");
        Assert.True(get.ExitCode == 0, get.Stderr);
        var lines = get.Stdout.Trim().Split('\n');
        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["secret1", "Opaque", "1"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]);

        var json = await kubectl.RunAsync("kubectl get secret secret1 -o json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var secret = JsonNode.Parse(json.Stdout)!;
        Assert.Equal("YWRtaW4=", (string?)secret["data"]!["user"]);
        var rv = (string?)secret["metadata"]!["resourceVersion"];

        var replace = await kubectl.RunAsync("kubectl get secrets --all-namespaces -o json | kubectl replace -f -");
        Assert.True(replace.ExitCode == 0, replace.Stderr);
        Assert.Equal("secret/secret1 replaced", replace.Stdout.Trim());

        // An unchanged replace under a non-stale configuration writes nothing.
        var after = JsonNode.Parse((await kubectl.RunAsync("kubectl get secret secret1 -o json")).Stdout)!;
        Assert.Equal(rv, (string?)after["metadata"]!["resourceVersion"]);

        var delete = await kubectl.RunAsync("kubectl delete secret secret1");
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.StartsWith("secret \"secret1\" deleted", delete.Stdout.Trim());

        var missing = await kubectl.RunAsync("kubectl get secret secret1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): secrets \"secret1\" not found", missing.Stderr.Trim());
    }

    [Fact]
    public async Task Namespace_CreateGetDelete()
    {
        var create = await kubectl.RunAsync("kubectl create namespace team-a && kubectl -n team-a create secret generic s --from-literal k=v");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var all = await kubectl.RunAsync("kubectl get secrets -A");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Contains("team-a", all.Stdout, StringComparison.Ordinal);

        var describe = await kubectl.RunAsync("kubectl describe namespace team-a");
        Assert.True(describe.ExitCode == 0, describe.Stderr);
        Assert.Contains("Status:       Active", describe.Stdout, StringComparison.Ordinal);

        var delete = await kubectl.RunAsync("kubectl delete namespace team-a");
        Assert.True(delete.ExitCode == 0, delete.Stderr);

        var missing = await kubectl.RunAsync("kubectl get namespace team-a");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): namespaces \"team-a\" not found", missing.Stderr.Trim());
    }

    [Fact]
    public async Task ApplyEditPatch_Secret()
    {
        var manifest = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"secret3"},"stringData":{"user":"admin"}}""";
        var apply = await kubectl.RunAsync($"echo '{manifest}' | kubectl apply -f -");
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal("secret/secret3 created", apply.Stdout.Trim());

        var again = await kubectl.RunAsync($"echo '{manifest}' | kubectl apply -f -");
        Assert.True(again.ExitCode == 0, again.Stderr);

        var patch = await kubectl.RunAsync("""kubectl patch secret secret3 -p '{"data":{"pass":"c2VjcmV0"}}'""");
        Assert.True(patch.ExitCode == 0, patch.Stderr);
        Assert.Equal("secret/secret3 patched", patch.Stdout.Trim());

        var noop = await kubectl.RunAsync("""kubectl patch secret secret3 -p '{"data":{"pass":"c2VjcmV0"}}'""");
        Assert.Equal("secret/secret3 patched (no change)", noop.Stdout.Trim());

        var edit = await kubectl.RunAsync("KUBE_EDITOR='sed -i s/c2VjcmV0/b3RoZXI=/' kubectl edit secret secret3");
        Assert.True(edit.ExitCode == 0, edit.Stderr);
        Assert.Equal("secret/secret3 edited", edit.Stdout.Trim());
    }
}
