using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// RBAC objects on an etcd shared with a real kube-apiserver v1.20.2 (which, run with AlwaysAllow as here, writes no
/// default roles of its own): AtRest's defaults, written at its start, read as the same JSON through both servers, and
/// their stored bytes decode with AtRest's codec; each server reads, as the same JSON, the roles and bindings the other
/// wrote; and a default that kube-apiserver changed is reconciled by AtRest's next start as kube's hook would.
/// </summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RbacInteropTests(RbacInteropTests.Pair pair) : IClassFixture<RbacInteropTests.Pair>
{
    [Fact]
    public async Task AtRests_defaults_read_the_same_through_both_servers()
    {
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var atrest = pair.AtRestKubectl(KubectlBinaries.Dispatcher);

        var throughAtRest = (await atrest.RunAsync("get", "clusterroles", "-o", "name")).EnsureSuccess().Stdout.Split('\n');
        var throughKube = (await kube.RunAsync("get", "clusterroles", "-o", "name")).EnsureSuccess().Stdout.Split('\n');

        Assert.Equal(throughKube.Order(StringComparer.Ordinal), throughAtRest.Order(StringComparer.Ordinal));
        foreach (var name in new[] { "cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:aggregate-to-edit" })
        {
            Assert.Contains($"clusterrole.rbac.authorization.k8s.io/{name}", throughAtRest);
            var path = $"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}";
            AssertSameJson(path, await RawAsync(kube, path), await RawAsync(atrest, path));
        }

        var stored = (await pair.StoredAsync("/registry/clusterroles/cluster-admin")).Single();
        var clusterAdmin = Assert.IsType<ClusterRole>(KubernetesObjectCodec.DecodeProtobuf(stored.Value));
        Assert.Contains(clusterAdmin.Rules, rule => rule.SameAs(PolicyRule.ForResources(["*"], ["*"], ["*"])));
        AssertSameJson("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin",
            await RawAsync(kube, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin"),
            await RawAsync(atrest, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin"));
    }

    [Fact]
    public async Task Each_server_reads_the_roles_and_bindings_the_other_wrote()
    {
        const string ns = "rbac-across";
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var atrest = pair.AtRestKubectl(KubectlBinaries.Dispatcher);
        (await kube.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await kube.RunAsync("create", "role", "from-kube", "-n", ns, "--verb=get", "--resource=secrets", "--resource-name=s1")).EnsureSuccess();
        (await atrest.RunAsync("create", "rolebinding", "from-atrest", "-n", ns, "--role=from-kube", "--user=app", "--group=apps")).EnsureSuccess();
        (await atrest.RunAsync("create", "clusterrole", "atrest-lister", "--verb=list", "--resource=configmaps")).EnsureSuccess();
        (await kube.RunAsync("create", "clusterrolebinding", "kube-binds", "--clusterrole=atrest-lister", "--serviceaccount=default:robot")).EnsureSuccess();
        // Each also changes what the other created.
        (await atrest.RunAsync("label", "role", "from-kube", "-n", ns, "changed-by=atrest")).EnsureSuccess();
        (await kube.RunAsync("annotate", "clusterrole", "atrest-lister", "changed-by=kube")).EnsureSuccess();

        string[] paths =
        [
            $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles/from-kube",
            $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings/from-atrest",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/atrest-lister",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kube-binds",
        ];
        foreach (var path in paths)
        {
            AssertSameJson(path, await RawAsync(kube, path), await RawAsync(atrest, path));
        }

        var roles = $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles";
        AssertSameJson(roles + " items", (await RawAsync(kube, roles))["items"], (await RawAsync(atrest, roles))["items"]);
    }

    [Fact]
    public async Task A_default_kube_apiserver_changed_is_reconciled_by_AtRests_next_start()
    {
        var kube = pair.KubeKubectl(KubectlBinaries.Dispatcher);
        var before = await RawAsync(kube, "/apis/rbac.authorization.k8s.io/v1/clusterroles/edit");
        (await kube.RunAsync("patch", "clusterrole", "edit", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/rules/0\"}]")).EnsureSuccess();
        (await kube.RunAsync("label", "clusterrole", "edit", "changed-by=kube")).EnsureSuccess();

        await pair.RestartAtRestAsync(pair.Provider.Initial, "atrest-encryption-restart.yaml");

        Assert.DoesNotContain("could not write the default", pair.AtRest.Log, StringComparison.Ordinal);
        var after = await RawAsync(kube, "/apis/rbac.authorization.k8s.io/v1/clusterroles/edit");
        Assert.Equal("kube", (string?)after["metadata"]!["labels"]!["changed-by"]);
        var rules = Decode(after).Rules;
        var wanted = Decode(before).Rules[0];
        Assert.True(AtRest.ApiServer.Authorization.RuleCoverage.Covers(rules, [wanted]).Covered,
            $"{AtRest.ApiServer.Authorization.RuleCoverage.CompactString(wanted)} was not added back: {after.ToJsonString()}");
    }

    private static ClusterRole Decode(JsonNode json) =>
        KubernetesObjectCodec.DecodeJson<ClusterRole>(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static async Task<JsonNode> RawAsync(EndToEnd.Kubectl kubectl, string path) =>
        JsonNode.Parse((await kubectl.RunAsync("get", "--raw", path)).EnsureSuccess().Stdout)!;

    private void AssertSameJson(string what, JsonNode? kube, JsonNode? atrest) =>
        Assert.True(JsonNode.DeepEquals(kube, atrest),
            $"{what} differs\n--- through kube-apiserver ---\n{kube?.ToJsonString()}\n--- through atrest ---\n{atrest?.ToJsonString()}\n{pair.Logs}");

    /// <summary>kube-apiserver and AtRest on identity.</summary>
    public sealed class Pair() : InteropPair(InteropProvider.Identity);
}
