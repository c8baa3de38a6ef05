using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Protobuf;

public sealed class FixtureProtobufTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_pb_decodes_to_the_object_in_the_fixture_json(string version, string kind)
    {
        var decoded = KubernetesObjectCodec.DecodeProtobuf(Fixtures.Bytes(version, kind, "pb"));

        Assert.Equal(kind, decoded.Kind);
        Assert.Equal("v1", decoded.ApiVersion);
        var expected = JsonNode.Parse(Fixtures.Text(version, kind, "json"));
        var actual = JsonNode.Parse(KubernetesObjectCodec.EncodeJson(decoded));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"decoded JSON differs:\n{actual}");
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_pb_reencodes_to_identical_bytes(string version, string kind)
    {
        var stored = Fixtures.Bytes(version, kind, "pb");

        var reencoded = KubernetesObjectCodec.EncodeProtobuf(KubernetesObjectCodec.DecodeProtobuf(stored));

        Assert.Equal(Convert.ToHexString(stored), Convert.ToHexString(reencoded));
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_json_encodes_to_the_fixture_pb_bytes(string version, string kind)
    {
        var obj = KubernetesObjectCodec.DecodeJson(Fixtures.Bytes(version, kind, "json"), strict: true);

        Assert.Equal(
            Convert.ToHexString(Fixtures.Bytes(version, kind, "pb")),
            Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(obj)));
    }

    [Fact]
    public void Stored_secret_starts_and_ends_with_the_envelope_bytes()
    {
        var secret = new Secret { Type = "Opaque" };
        secret.Metadata.Name = "secret1";

        var bytes = KubernetesObjectCodec.EncodeProtobuf(secret);

        Assert.StartsWith("6B3873000A0C0A0276311206536563726574", Convert.ToHexString(bytes), StringComparison.Ordinal);
        Assert.EndsWith("1A002200", Convert.ToHexString(bytes), StringComparison.Ordinal);
    }
}
