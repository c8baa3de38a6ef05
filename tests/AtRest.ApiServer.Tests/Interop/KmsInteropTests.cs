using System.Text;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// Issue 10 point 5: kube-apiserver v1.20.2 (KMS v1) and AtRest on one etcd and one <c>atrest kms-plugin</c>. Each
/// server reads the KMS v1 secrets the other wrote, both write the same layout (checked by hand against the plugin's
/// DEK), and AtRest, once KMS v2 writes, rewrites every secret to v2 with <c>get -A -o json | replace</c> and reads
/// them back. One subclass per plugin backend; each test uses its own namespace and leaves AtRest on KMS v1 writes.
/// </summary>
public abstract class KmsInteropTests(KmsInteropPair pair)
{
    private static readonly byte[] V1Prefix = Encoding.ASCII.GetBytes($"k8s:enc:kms:v1:{KmsInteropConfigs.V1Name}:");

    [Fact]
    public async Task Each_server_reads_the_kms_v1_secrets_the_other_wrote_in_one_layout()
    {
        const string ns = "kms-read-across";
        var kube = pair.KubeKubectl();
        var atrest = pair.AtRestKubectl();
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "from-kube", "--from-literal", "user=admin")).EnsureSuccess();
        (await atrest.RunAsync("-n", ns, "create", "secret", "generic", "from-atrest", "--from-literal", "pass=12345678")).EnsureSuccess();
        // Each also rewrites what the other created, under a DEK of its own.
        (await atrest.RunAsync("-n", ns, "label", "secret", "from-kube", "changed-by=atrest")).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "label", "secret", "from-atrest", "changed-by=kube")).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "kube-only", "--from-literal", "k=v")).EnsureSuccess();
        (await atrest.RunAsync("-n", ns, "create", "secret", "generic", "atrest-only", "--from-literal", "k=w")).EnsureSuccess();

        foreach (var name in (string[])["from-kube", "from-atrest", "kube-only", "atrest-only"])
        {
            var path = $"/api/v1/namespaces/{ns}/secrets/{name}";
            AssertSameJson(path, await RawAsync(kube, path), await RawAsync(atrest, path));
        }

        AssertSameJson("the list", (await RawAsync(kube, $"/api/v1/namespaces/{ns}/secrets"))["items"],
            (await RawAsync(atrest, $"/api/v1/namespaces/{ns}/secrets"))["items"]);
        Assert.Equal("12345678", Data(await RawAsync(kube, $"/api/v1/namespaces/{ns}/secrets/from-atrest"), "pass"));
        Assert.Equal("admin", Data(await RawAsync(atrest, $"/api/v1/namespaces/{ns}/secrets/from-kube"), "user"));

        // kube-only was last written by kube-apiserver, from-kube by AtRest: both layouts are checked by hand.
        var stored = await pair.StoredAsync($"/registry/secrets/{ns}/");
        Assert.Equal(4, stored.Count);
        foreach (var item in stored)
        {
            await KmsV1StoredValue.OpenAsync(item.Key, item.Value, pair.SocketPath);
        }
    }

    [Fact]
    public async Task AtRest_rewrites_kms_v1_secrets_to_kms_v2_and_reads_them_back()
    {
        const string ns = "kms-migrate";
        var kube = pair.KubeKubectl();
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("-n", ns, "create", "secret", "generic", "from-kube", "--from-literal", "user=admin")).EnsureSuccess();
        (await pair.AtRestKubectl().RunAsync("-n", ns, "create", "secret", "generic", "from-atrest", "--from-literal", "pass=12345678")).EnsureSuccess();
        foreach (var item in await pair.StoredAsync($"/registry/secrets/{ns}/"))
        {
            Assert.True(item.Value.AsSpan().StartsWith(V1Prefix), $"{item.Key} is not stored with KMS v1 before the migration");
        }

        var before = await RawAsync(pair.AtRestKubectl(), $"/api/v1/namespaces/{ns}/secrets");
        await pair.RestartAtRestAsync(KmsInteropConfigs.AtRestV2First(pair.Endpoint), "atrest-v2-first.yaml");
        try
        {
            var atrest = pair.AtRestKubectl();
            (await atrest.ShellAsync("kubectl get secrets -A -o json | kubectl replace -f -")).EnsureSuccess();

            var stored = await pair.StoredAsync("/registry/secrets/");
            Assert.NotEmpty(stored);
            foreach (var item in stored)
            {
                Assert.True(item.Value.AsSpan().StartsWith("k8s:enc:kms:v2:"u8),
                    $"{item.Key} is stored with {Encoding.Latin1.GetString(item.Value, 0, Math.Min(item.Value.Length, 24))} after the rewrite, not KMS v2");
            }

            var after = await RawAsync(atrest, $"/api/v1/namespaces/{ns}/secrets");
            var beforeItems = before["items"]!.AsArray();
            var afterItems = after["items"]!.AsArray();
            Assert.Equal(2, afterItems.Count);
            Assert.Equal(beforeItems.Count, afterItems.Count);
            for (var i = 0; i < beforeItems.Count; i++)
            {
                var name = (string?)beforeItems[i]!["metadata"]!["name"];
                AssertSameJson($"data of {name}", beforeItems[i]!["data"], afterItems[i]!["data"]);
                AssertSameJson($"uid of {name}", beforeItems[i]!["metadata"]!["uid"], afterItems[i]!["metadata"]!["uid"]);
            }
        }
        finally
        {
            await pair.RestartAtRestAsync(KmsInteropConfigs.AtRestV1First(pair.Endpoint), "atrest-v1-first.yaml");
        }
    }

    private static string Data(JsonNode secret, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![key]!));

    private static async Task<JsonNode> RawAsync(EndToEnd.Kubectl kubectl, string path) =>
        JsonNode.Parse((await kubectl.RunAsync("get", "--raw", path)).EnsureSuccess().Stdout)!;

    private void AssertSameJson(string what, JsonNode? kube, JsonNode? atrest) =>
        Assert.True(JsonNode.DeepEquals(kube, atrest),
            $"{what} differs\n--- through kube-apiserver ---\n{kube?.ToJsonString()}\n--- through atrest ---\n{atrest?.ToJsonString()}\n{pair.Logs}");
}
