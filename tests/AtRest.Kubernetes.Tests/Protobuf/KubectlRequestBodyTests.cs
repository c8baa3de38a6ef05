using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Protobuf;

/// <summary>The protobuf request bodies kubectl 1.32/1.33 sends (kubectl-wire-protocol.md §9), as observed on the wire.</summary>
public sealed class KubectlRequestBodyTests
{
    private const string CreateSecret = """
        6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 2a 0a 17 0a 07 73 65 63 72 65 74 31 12 00 1a 00
        22 00 2a 00 32 00 38 00 42 00 12 0d 0a 04 75 73 65 72 12 05 61 64 6d 69 6e 1a 00 1a 00 22 00
        """;

    private const string CreateNamespace = """
        6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 1e 0a 16 0a 06 74 65 61 6d 2d 61 12 00
        1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00
        """;

    private const string CreateConfigMap = """
        6b 38 73 00 0a 0f 0a 02 76 31 12 09 43 6f 6e 66 69 67 4d 61 70 12 1d 0a 13 0a 03 63 6d 31 12 00 1a 00 22 00
        2a 00 32 00 38 00 42 00 12 06 0a 01 6b 12 01 76 1a 00 22 00
        """;

    [Fact]
    public void Create_secret_generic_body_decodes()
    {
        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(Fixtures.Hex(CreateSecret)));

        Assert.Equal("secret1", secret.Metadata.Name);
        Assert.Equal("", secret.Metadata.Namespace);
        Assert.Null(secret.Metadata.CreationTimestamp);
        Assert.Equal("admin"u8.ToArray(), secret.Data["user"]);
        Assert.Equal("", secret.Type);
        Assert.Null(secret.Immutable);
    }

    [Fact]
    public void Create_namespace_body_decodes()
    {
        var ns = Assert.IsType<Namespace>(KubernetesObjectCodec.DecodeProtobuf(Fixtures.Hex(CreateNamespace)));

        Assert.Equal("team-a", ns.Metadata.Name);
        Assert.Empty(ns.Spec.Finalizers);
        Assert.Equal("", ns.Status.Phase);
    }

    [Fact]
    public void Create_configmap_body_decodes()
    {
        var cm = Assert.IsType<ConfigMap>(KubernetesObjectCodec.DecodeProtobuf(Fixtures.Hex(CreateConfigMap)));

        Assert.Equal("cm1", cm.Metadata.Name);
        Assert.Equal("v", cm.Data["k"]);
        Assert.Empty(cm.BinaryData);
    }

    [Theory]
    [InlineData(CreateSecret)]
    [InlineData(CreateNamespace)]
    [InlineData(CreateConfigMap)]
    public void Bodies_reencode_to_the_bytes_kubectl_sent(string hex)
    {
        var bytes = Fixtures.Hex(hex);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(KubernetesObjectCodec.DecodeProtobuf(bytes))));
    }

    [Fact]
    public void Long_annotation_uses_multi_byte_lengths()
    {
        var secret = new Secret();
        secret.Metadata.Name = "s";
        secret.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"] = new string('x', 300);

        var decoded = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret)));

        Assert.Equal(new string('x', 300), decoded.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"]);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        // Secret raw = metadata{name "a", 99: varint 5} + 50: fixed64 + 51: fixed32 + 52: group{1: varint} + 53: bytes + type.
        var raw = Fixtures.Hex("0a 06 0a 01 61 98 06 05 91 03 01 02 03 04 05 06 07 08 9d 03 01 02 03 04 a3 03 08 01 a4 03 aa 03 02 ff ff 1a 06 4f 70 61 71 75 65");
        var bytes = Fixtures.Hex("6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12").Concat(new[] { (byte)raw.Length }).Concat(raw).Concat(Fixtures.Hex("1a 00 22 00")).ToArray();

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Equal("a", secret.Metadata.Name);
        Assert.Equal("Opaque", secret.Type);
    }
}
