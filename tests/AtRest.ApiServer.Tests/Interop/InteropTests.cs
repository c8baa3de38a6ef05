using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// kube-apiserver v1.20.2 and AtRest on one etcd, both encrypting secrets with the pair's provider: each reads what
/// the other wrote, a stale resourceVersion is a 409 on either, the same kubectl commands store the same bytes, and
/// AtRest's get | replace rewrite after a key rotation leaves data kube-apiserver reads with the new key alone.
/// One subclass per provider; each test uses its own namespace, so their order does not matter.
/// </summary>
[Trait("Category", "Integration")]
public abstract class InteropTests(InteropPair pair)
{
    private const string ConflictMessage =
        "the object has been modified; please apply your changes to the latest version and try again";

    [Fact]
    public async Task Each_server_reads_what_the_other_wrote()
    {
        const string ns = "read-across";
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var atrest = pair.AtRestKubectl(KubectlBinaries.Dispatcher);
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "from-kube", "--from-literal", "user=admin")).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "configmap", "from-kube", "--from-literal", "k=v")).EnsureSuccess();
        (await atrest.RunAsync("-n", ns, "create", "secret", "generic", "from-atrest", "--from-literal", "pass=12345678")).EnsureSuccess();
        (await atrest.RunAsync("-n", ns, "create", "configmap", "from-atrest", "--from-literal", "k=w")).EnsureSuccess();
        // Each also changes what the other created.
        (await atrest.RunAsync("-n", ns, "label", "secret", "from-kube", "changed-by=atrest")).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "annotate", "configmap", "from-atrest", "changed-by=kube")).EnsureSuccess();

        string[] paths =
        [
            $"/api/v1/namespaces/{ns}",
            $"/api/v1/namespaces/{ns}/secrets/from-kube", $"/api/v1/namespaces/{ns}/secrets/from-atrest",
            $"/api/v1/namespaces/{ns}/configmaps/from-kube", $"/api/v1/namespaces/{ns}/configmaps/from-atrest",
        ];
        foreach (var path in paths)
        {
            AssertSameJson(path, await RawAsync(kube, path), await RawAsync(atrest, path));
        }

        foreach (var list in (string[])[$"/api/v1/namespaces/{ns}/secrets", $"/api/v1/namespaces/{ns}/configmaps"])
        {
            AssertSameJson(list + " items", (await RawAsync(kube, list))["items"], (await RawAsync(atrest, list))["items"]);
        }

        var secret = await RawAsync(kube, $"/api/v1/namespaces/{ns}/secrets/from-atrest");
        Assert.Equal("12345678", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["pass"]!)));
        await AssertStoredWithAsync($"/registry/secrets/{ns}/", pair.Provider.InitialPrefix, pair.Provider.NewPrefix);
    }

    [Fact]
    public async Task A_stale_resourceVersion_is_a_conflict_on_either_server()
    {
        const string ns = "conflicts";
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var atrest = pair.AtRestKubectl(KubectlBinaries.Dispatcher);
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "s", "--from-literal", "a=1")).EnsureSuccess();

        // AtRest writes after kube-apiserver's read: the read is stale on both servers.
        var staleFromKube = (await kube.RunAsync("-n", ns, "get", "secret", "s", "-o", "json")).EnsureSuccess().Stdout;
        (await atrest.RunAsync("-n", ns, "label", "secret", "s", "step=1")).EnsureSuccess();
        await AssertConflictAsync(kube, staleFromKube);
        await AssertConflictAsync(atrest, staleFromKube);

        // And the other way round.
        var staleFromAtRest = (await atrest.RunAsync("-n", ns, "get", "secret", "s", "-o", "json")).EnsureSuccess().Stdout;
        (await kube.RunAsync("-n", ns, "label", "secret", "s", "step=2", "--overwrite")).EnsureSuccess();
        await AssertConflictAsync(atrest, staleFromAtRest);
        await AssertConflictAsync(kube, staleFromAtRest);

        var path = $"/api/v1/namespaces/{ns}/secrets/s";
        var winner = await RawAsync(atrest, path);
        Assert.Equal("2", (string?)winner["metadata"]!["labels"]!["step"]);
        AssertSameJson(path, await RawAsync(kube, path), winner);
    }

    [Theory]
    [InlineData("dispatcher")]
    [InlineData("debian-1.20")]
    public async Task The_same_kubectl_commands_store_the_same_bytes(string kubectlName)
    {
        var binary = kubectlName == "dispatcher"
            ? KubectlBinaries.Dispatcher
            : KubectlBinaries.Debian120 ?? throw new InvalidOperationException("Debian's kubectl 1.20 is missing: scripts/test unpacks it under .build/debian/");
        var ns = $"same-bytes-{kubectlName.Replace('.', '-')}";

        var byKube = await RunCommandsAsync(pair.KubeKubectl(binary), ns);
        foreach (var resource in (string[])["secrets", "configmaps"])
        {
            await pair.WipeAsync($"/registry/{resource}/{ns}/");
        }

        await pair.WipeAsync($"/registry/namespaces/{ns}");
        var byAtRest = await RunCommandsAsync(pair.AtRestKubectl(binary), ns);

        // Both runs stored the three objects, so the comparison below compares something.
        foreach (var key in (string[])[$"/registry/namespaces/{ns}", $"/registry/secrets/{ns}/s1", $"/registry/configmaps/{ns}/c1"])
        {
            Assert.Contains($"key {key}", byKube[^1].Stored);
            Assert.Contains($"key {key}", byAtRest[^1].Stored);
        }

        Assert.Equal(byKube.Count, byAtRest.Count);
        for (var step = 0; step < byKube.Count; step++)
        {
            Assert.True(byKube[step].Stored.SequenceEqual(byAtRest[step].Stored),
                $"after `{byKube[step].Command}` the stored objects differ\n--- kube-apiserver ---\n{string.Join('\n', byKube[step].Stored)}"
                + $"\n--- atrest ---\n{string.Join('\n', byAtRest[step].Stored)}");
        }
    }

    [Fact]
    public async Task Get_replace_through_AtRest_after_a_key_rotation_leaves_data_kube_apiserver_reads_with_the_new_key_only()
    {
        const string ns = "rotation";
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var atrest = pair.AtRestKubectl(KubectlBinaries.Dispatcher);
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "by-kube", "--from-literal", "user=admin")).EnsureSuccess();
        (await atrest.RunAsync("-n", ns, "create", "secret", "generic", "by-atrest", "--from-literal", "pass=12345678")).EnsureSuccess();
        var before = await RawAsync(kube, $"/api/v1/namespaces/{ns}/secrets");

        await pair.RestartAtRestAsync(pair.Provider.Rotated, "atrest-encryption-rotated.yaml");
        (await atrest.ShellAsync("kubectl get secrets -A -o json | kubectl replace -f -")).EnsureSuccess();
        await AssertStoredWithAsync("/registry/secrets/", pair.Provider.NewPrefix);

        await pair.Kube.RestartAsync(pair.Provider.NewOnly, TestContext.Current.CancellationToken);
        var after = await RawAsync(kube, $"/api/v1/namespaces/{ns}/secrets");
        var beforeItems = before["items"]!.AsArray();
        var afterItems = after["items"]!.AsArray();
        Assert.Equal(beforeItems.Count, afterItems.Count);
        for (var i = 0; i < beforeItems.Count; i++)
        {
            AssertSameJson($"data of {beforeItems[i]!["metadata"]!["name"]}", beforeItems[i]!["data"], afterItems[i]!["data"]);
            AssertSameJson($"uid of {beforeItems[i]!["metadata"]!["name"]}", beforeItems[i]!["metadata"]!["uid"], afterItems[i]!["metadata"]!["uid"]);
        }

        AssertSameJson("secrets after the rotation", after, await RawAsync(atrest, $"/api/v1/namespaces/{ns}/secrets"), ignoreListMetadata: true);
        (await kube.RunAsync("get", "secrets", "-A")).EnsureSuccess();
    }

    private async Task<List<(string Command, IReadOnlyList<string> Stored)>> RunCommandsAsync(EndToEnd.Kubectl kubectl, string ns)
    {
        string[] commands =
        [
            $"kubectl create namespace {ns}",
            $"kubectl -n {ns} create secret generic s1 --from-literal user=admin --from-literal pass=12345678",
            $"kubectl -n {ns} create configmap c1 --from-literal k=v --from-literal other=x",
            $"kubectl -n {ns} label secret s1 team=a",
            $"kubectl -n {ns} annotate configmap c1 note=hello",
            $"kubectl -n {ns} get secret s1 -o yaml | sed s/YWRtaW4=/cm9vdA==/ | kubectl replace -f -",
            $"kubectl -n {ns} get configmap c1 -o yaml | sed 's/k: v/k: changed/' | kubectl replace -f -",
            $"kubectl -n {ns} patch secret s1 -p '{{\"data\":{{\"extra\":\"eA==\"}}}}'",
            $"kubectl -n {ns} label secret s1 team-",
            $"printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c2\\ndata:\\n  a: b\\n' | kubectl -n {ns} apply -f -",
            $"kubectl -n {ns} create secret generic s2 --type=example.com/kind --from-literal=b=2",
        ];
        var steps = new List<(string, IReadOnlyList<string>)>();
        foreach (var command in commands)
        {
            (await kubectl.ShellAsync(command)).EnsureSuccess();
            steps.Add((command, await StoredLines.OfNamespaceAsync(pair, ns)));
        }

        return steps;
    }

    private async Task AssertStoredWithAsync(string prefix, params string[] allowed)
    {
        var stored = await pair.StoredAsync(prefix);
        Assert.NotEmpty(stored);
        foreach (var item in stored)
        {
            var actual = StoredLines.ProviderPrefix(item.Value);
            Assert.True(allowed.Any(p => (p.Length == 0 ? "identity" : p) == actual), $"{item.Key} is stored with {actual}, expected {string.Join(" or ", allowed)}");
        }
    }

    private static async Task AssertConflictAsync(EndToEnd.Kubectl kubectl, string staleJson)
    {
        var result = await kubectl.RunAsync(["replace", "-f", "-"], staleJson, editor: null);
        Assert.True(result.ExitCode != 0, $"a stale replace through {kubectl.Binary} succeeded: {result.Stdout}");
        Assert.Contains($"Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on secrets \"s\": {ConflictMessage}",
            result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> RawAsync(EndToEnd.Kubectl kubectl, string path) =>
        JsonNode.Parse((await kubectl.RunAsync("get", "--raw", path)).EnsureSuccess().Stdout)!;

    private static void AssertSameJson(string what, JsonNode? kube, JsonNode? atrest, bool ignoreListMetadata = false)
    {
        if (ignoreListMetadata && kube is JsonObject k && atrest is JsonObject a)
        {
            kube = k.DeepClone();
            atrest = a.DeepClone();
            kube.AsObject().Remove("metadata");
            atrest.AsObject().Remove("metadata");
        }

        Assert.True(JsonNode.DeepEquals(kube, atrest),
            $"{what} differs\n--- through kube-apiserver ---\n{kube?.ToJsonString()}\n--- through atrest ---\n{atrest?.ToJsonString()}");
    }
}
