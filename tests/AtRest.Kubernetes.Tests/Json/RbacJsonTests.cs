using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.Kubernetes.Tests.Json;

/// <summary>rbac.authorization.k8s.io/v1 in JSON and YAML: upstream's fixtures round-trip, and empty fields are written as kube-apiserver serves them.</summary>
public sealed class RbacJsonTests
{
    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_json_round_trips_in_upstream_field_order(string version, string kind)
    {
        var text = RbacFixtures.Text(version, kind, "json");

        var encoded = KubernetesObjectCodec.EncodeJsonString(KubernetesObjectCodec.DecodeJson(text, strict: true), indented: true);

        Assert.Equal(Normalize(text), Normalize(encoded));
    }

    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_yaml_decodes_to_the_fixture_json(string version, string kind)
    {
        var decoded = KubernetesObjectCodec.DecodeYaml(RbacFixtures.Bytes(version, kind, "yaml"), strict: true);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(RbacFixtures.Text(version, kind, "json")),
            JsonNode.Parse(KubernetesObjectCodec.EncodeJson(decoded))));
    }

    [Fact]
    public void Empty_objects_write_what_kube_apiserver_serves()
    {
        var role = new Role();
        role.Metadata.Name = "r";
        role.Rules.Add(new PolicyRule([], [""], ["secrets"], [], []));
        var binding = new ClusterRoleBinding();
        binding.Metadata.Name = "b";

        Assert.Equal(
            """{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r","creationTimestamp":null},"rules":[{"verbs":null,"apiGroups":[""],"resources":["secrets"]}]}""",
            KubernetesObjectCodec.EncodeJsonString(role));
        Assert.Equal(
            """{"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"rules":null,"aggregationRule":{}}""",
            KubernetesObjectCodec.EncodeJsonString(new ClusterRole { AggregationRule = new AggregationRule() }));
        Assert.Equal(
            """{"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b","creationTimestamp":null},"roleRef":{"apiGroup":"","kind":"","name":""}}""",
            KubernetesObjectCodec.EncodeJsonString(binding));
    }

    [Fact]
    public void Service_account_subject_omits_its_empty_api_group()
    {
        var binding = new RoleBinding { RoleRef = RoleRef.ToClusterRole("view") };
        binding.Subjects.Add(Subject.ServiceAccount("apps", "reader"));

        var json = KubernetesObjectCodec.EncodeJsonString(binding);

        Assert.Contains("""
            "subjects":[{"kind":"ServiceAccount","name":"reader","namespace":"apps"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}
            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_decoding_names_an_unknown_rule_field_with_its_path()
    {
        const string body = """{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r"},"rules":[{"verbs":["get"],"resource":["secrets"]}]}""";

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson(body, strict: true));

        Assert.Contains("rules[0].resource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_value_type_names_the_path()
    {
        const string body = """{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","subjects":[{"kind":"User","name":7}]}""";

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson(body));

        Assert.Contains("subjects[0].name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_pb_prints_the_fixture_yaml(string version, string kind)
    {
        var yaml = KubernetesObjectCodec.EncodeYaml(KubernetesObjectCodec.DecodeProtobuf(RbacFixtures.Bytes(version, kind, "pb")));

        Assert.Equal(RbacFixtures.Text(version, kind, "yaml"), yaml);
    }

    // The fixtures indent by two spaces, kubectl by four; no value in them contains white space.
    private static string Normalize(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
}
