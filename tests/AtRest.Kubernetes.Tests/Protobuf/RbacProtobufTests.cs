using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.Kubernetes.Tests.Protobuf;

/// <summary>
/// rbac.authorization.k8s.io/v1 in protobuf, the form kube-apiserver stores under <c>/registry/roles/…</c> and the
/// other three prefixes: upstream's golden objects decode to their JSON and re-encode to the same bytes.
/// </summary>
public sealed class RbacProtobufTests
{
    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_pb_decodes_to_the_object_in_the_fixture_json(string version, string kind)
    {
        var decoded = KubernetesObjectCodec.DecodeProtobuf(RbacFixtures.Bytes(version, kind, "pb"));

        Assert.Equal(kind, decoded.Kind);
        Assert.Equal(RbacGroup.ApiVersion, decoded.ApiVersion);
        var expected = JsonNode.Parse(RbacFixtures.Text(version, kind, "json"));
        var actual = JsonNode.Parse(KubernetesObjectCodec.EncodeJson(decoded));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"decoded JSON differs:\n{actual}");
    }

    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_pb_reencodes_to_identical_bytes(string version, string kind)
    {
        var stored = RbacFixtures.Bytes(version, kind, "pb");

        var reencoded = KubernetesObjectCodec.EncodeProtobuf(KubernetesObjectCodec.DecodeProtobuf(stored));

        Assert.Equal(Convert.ToHexString(stored), Convert.ToHexString(reencoded));
    }

    [Theory]
    [MemberData(nameof(RbacFixtures.All), MemberType = typeof(RbacFixtures))]
    public void Fixture_json_encodes_to_the_fixture_pb_bytes(string version, string kind)
    {
        var obj = KubernetesObjectCodec.DecodeJson(RbacFixtures.Bytes(version, kind, "json"), strict: true);

        Assert.Equal(
            Convert.ToHexString(RbacFixtures.Bytes(version, kind, "pb")),
            Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(obj)));
    }

    [Fact]
    public void Binding_writes_every_subject_and_role_ref_string_even_when_empty()
    {
        var binding = new RoleBinding { RoleRef = RoleRef.ToRole("r") };
        binding.Metadata.Name = "b";
        binding.Subjects.Add(Subject.User("bob"));

        var hex = Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(binding));

        // subjects (field 2): kind "User", apiGroup "rbac.authorization.k8s.io", name "bob", namespace "" (22 00).
        Assert.Contains("12280A04557365721219" + Convert.ToHexString("rbac.authorization.k8s.io"u8) + "1A03626F622200", hex, StringComparison.Ordinal);
        // roleRef (field 3): apiGroup, kind "Role", name "r".
        Assert.Contains("1A240A19" + Convert.ToHexString("rbac.authorization.k8s.io"u8) + "1204526F6C651A0172", hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_round_trip_with_items_untyped_as_upstream()
    {
        var list = new ClusterRoleBindingList();
        var binding = new ClusterRoleBinding { RoleRef = RoleRef.ToClusterRole("view") };
        binding.Metadata.Name = "viewers";
        binding.Subjects.Add(Subject.Group("auditors"));
        binding.Subjects.Add(Subject.ServiceAccount("apps", "reader"));
        list.Items.Add(binding);

        var decoded = Assert.IsType<ClusterRoleBindingList>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(list)));

        var item = Assert.Single(decoded.Items);
        Assert.Equal("", item.Kind);
        Assert.Equal("viewers", item.Metadata.Name);
        Assert.Equal(RoleRef.ToClusterRole("view"), item.RoleRef);
        Assert.Equal([Subject.Group("auditors"), Subject.ServiceAccount("apps", "reader")], item.Subjects);
    }

    [Fact]
    public void An_item_taken_from_a_list_is_stored_with_its_canonical_type()
    {
        var list = new RoleList();
        var role = new Role();
        role.Metadata.Name = "r";
        list.Items.Add(role);
        var item = ((RoleList)KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(list))).Items[0];

        var stored = KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(item));

        Assert.Equal("", item.Kind);
        Assert.Equal((RbacGroup.ApiVersion, Role.KindName), (stored.ApiVersion, stored.Kind));
    }

    [Fact]
    public void Cluster_role_keeps_an_empty_aggregation_rule_apart_from_none()
    {
        var withRule = new ClusterRole { AggregationRule = new AggregationRule() };
        var without = new ClusterRole();

        var decodedWith = (ClusterRole)KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(withRule));
        var decodedWithout = (ClusterRole)KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(without));

        Assert.NotNull(decodedWith.AggregationRule);
        Assert.Null(decodedWithout.AggregationRule);
        Assert.EndsWith("1A001A002200", Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(withRule)), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_rbac_kind_is_refused_by_name()
    {
        var secret = KubernetesObjectCodec.EncodeProtobuf(new Secret());
        var hex = Convert.ToHexString(secret).Replace(
            "0A0C0A0276311206536563726574",
            "0A2A0A1C" + Convert.ToHexString("rbac.authorization.k8s.io/v1"u8) + "120A" + Convert.ToHexString("RoleBogus0"u8),
            StringComparison.Ordinal);

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(Convert.FromHexString(hex)));

        Assert.Equal("unsupported object type apiVersion \"rbac.authorization.k8s.io/v1\" kind \"RoleBogus0\"", error.Message);
    }
}
