using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>
/// The four rbac.authorization.k8s.io/v1 kinds served and stored as kube-apiserver stores them: protobuf under
/// <c>/registry/roles|rolebindings/NS/NAME</c> and <c>/registry/clusterroles|clusterrolebindings/NAME</c>, encrypted when
/// the configuration names the resource, validated with kube's messages, printed with kube's Table columns.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RbacKindsApiTests : IAsyncLifetime
{
    private const string Rbac = "apis/rbac.authorization.k8s.io/v1";
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

    // Roles encrypted with aescbc, nothing else: cluster role bindings stay plain protobuf.
    private const string RolesEncrypted = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - roles.rbac.authorization.k8s.io
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: c2VjcmV0IGlzIHNlY3VyZSwgSSB0aGluayB0aGF0IGk=
              - identity: {}
        """;

    private TestApiServer server = null!;
    private IResourceTransformers transformers = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync()
    {
        transformers = EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(RolesEncrypted), "roles.yaml");
        server = await TestApiServer.StartAsync(transformers);
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_role_is_stored_encrypted_under_kubes_key_and_decodes_with_the_codec()
    {
        var (created, body) = await Client.PostJsonAsync($"{Rbac}/namespaces/default/roles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"reader"},"rules":[{"apiGroups":[""],"resources":["secrets"],"resourceNames":["s1"],"verbs":["get"]}]}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal("rbac.authorization.k8s.io/v1", (string?)body!["apiVersion"]);

        var stored = await server.Store.GetAsync("/registry/roles/default/reader", TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.StartsWith("k8s:enc:aescbc:v1:key1:", Encoding.ASCII.GetString(stored.Value.AsSpan(0, 23)), StringComparison.Ordinal);
        var plain = await transformers.For(new GroupResource("rbac.authorization.k8s.io", "roles"))
            .TransformFromStorageAsync(stored.Value, Encoding.UTF8.GetBytes(stored.Key), TestContext.Current.CancellationToken);
        var role = Assert.IsType<Role>(KubernetesObjectCodec.DecodeProtobuf(plain.Data.Span));
        Assert.Equal("reader", role.Metadata.Name);
        Assert.Equal(["s1"], role.Rules.Single().ResourceNames);
    }

    [Fact]
    public async Task A_cluster_role_binding_the_configuration_does_not_name_is_stored_as_plain_protobuf()
    {
        var (created, body) = await Client.PostJsonAsync($"{Rbac}/clusterrolebindings",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"viewers"},"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"Group","name":"team-a"}]}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        // kube's defaulting fills the API groups of the role reference and of user and group subjects.
        Assert.Equal("rbac.authorization.k8s.io", (string?)body!["roleRef"]!["apiGroup"]);
        Assert.Equal("rbac.authorization.k8s.io", (string?)body["subjects"]![0]!["apiGroup"]);

        var stored = await server.Store.GetAsync("/registry/clusterrolebindings/viewers", TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        var binding = Assert.IsType<ClusterRoleBinding>(KubernetesObjectCodec.DecodeProtobuf(stored.Value));
        Assert.Equal(RoleRef.ToClusterRole("view"), binding.RoleRef);
        Assert.Equal([Subject.Group("team-a")], binding.Subjects);
    }

    [Fact]
    public async Task A_protobuf_body_is_accepted_and_answered_in_the_rbac_group_version()
    {
        var role = new ClusterRole { Metadata = { Name = "pb" }, Rules = [PolicyRule.ForUrls(["get"], ["/healthz"])] };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Rbac}/clusterroles")
        {
            Content = new ByteArrayContent(KubernetesObjectCodec.EncodeProtobuf(role)),
        };
        request.Content.Headers.ContentType = new("application/vnd.kubernetes.protobuf");

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("rbac.authorization.k8s.io/v1", (string?)body!["apiVersion"]);
        Assert.Equal("/healthz", (string?)body["rules"]![0]!["nonResourceURLs"]![0]);
    }

    [Fact]
    public async Task Roles_print_kubes_default_table_and_bindings_kubes_binding_table()
    {
        await Client.PostJsonAsync($"{Rbac}/namespaces/default/roles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r"},"rules":[]}""");
        await Client.PostJsonAsync($"{Rbac}/namespaces/default/rolebindings",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"User","name":"u1"},{"kind":"User","name":"u2"},{"kind":"Group","name":"g"},{"kind":"ServiceAccount","name":"sa","namespace":"ns"}]}""");

        var (_, roles) = await Client.GetJsonAsync($"{Rbac}/namespaces/default/roles", TableAccept);
        var (_, bindings) = await Client.GetJsonAsync($"{Rbac}/namespaces/default/rolebindings", TableAccept);

        Assert.Equal(["Name", "Created At"], roles!["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal("date", (string?)roles["columnDefinitions"]![1]!["type"]);
        var roleCells = roles["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(2, roleCells.Count);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)roleCells[1]);

        Assert.Equal(["Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"],
            bindings!["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal([0, 0, 0, 1, 1, 1], bindings["columnDefinitions"]!.AsArray().Select(c => (int)c!["priority"]!));
        var cells = bindings["rows"]![0]!["cells"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal("b", cells[0]);
        Assert.Equal("Role/r", cells[1]);
        Assert.Equal(["u1, u2", "g", "ns/sa"], cells[3..]);
    }

    [Fact]
    public async Task An_invalid_rule_gets_kubes_field_error()
    {
        var (response, body) = await Client.PostJsonAsync($"{Rbac}/clusterroles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"bad"},"rules":[{"apiGroups":[""],"resources":["secrets"]}]}""");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("ClusterRole.rbac.authorization.k8s.io \"bad\" is invalid: rules[0].verbs: Required value: verbs must contain at least one value",
            (string?)body!["message"]);
    }

    [Fact]
    public async Task A_bindings_role_reference_cannot_change()
    {
        await Client.PostJsonAsync($"{Rbac}/namespaces/default/rolebindings",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}}""");

        var (response, body) = await Client.SendAsync(HttpMethod.Patch, $"{Rbac}/namespaces/default/rolebindings/b",
            """{"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef",
            (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_side_apply_takes_the_rbac_group_version_and_records_it_in_managed_fields()
    {
        var (response, body) = await Client.SendAsync(HttpMethod.Patch, $"{Rbac}/clusterroles/applied?fieldManager=tester",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: applied\nrules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs: [\"get\"]\n",
            "application/apply-patch+yaml");
        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        var entry = body!["metadata"]!["managedFields"]![0]!;
        Assert.Equal("tester", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("rbac.authorization.k8s.io/v1", (string?)entry["apiVersion"]);

        var (wrong, error) = await Client.SendAsync(HttpMethod.Patch, $"{Rbac}/clusterroles/applied?fieldManager=tester",
            "apiVersion: v1\nkind: ClusterRole\nmetadata:\n  name: applied\n", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("Incorrect version specified in apply patch. Specified patch version: v1, expected: rbac.authorization.k8s.io/v1",
            (string?)error!["message"]);
    }
}
