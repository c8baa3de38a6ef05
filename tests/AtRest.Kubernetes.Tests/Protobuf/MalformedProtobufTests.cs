namespace AtRest.Kubernetes.Tests.Protobuf;

public sealed class MalformedProtobufTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Every_truncation_of_a_fixture_throws_only_the_protobuf_exception(string version, string kind)
    {
        var stored = Fixtures.Bytes(version, kind, "pb");
        var decodable = new List<int>();

        for (var length = 0; length < stored.Length; length++)
        {
            if (DecodeOrRejectCleanly(stored.AsSpan(0, length)))
            {
                decodable.Add(length);
            }
        }

        // Every cut inside the envelope's typeMeta or raw leaves a declared length unmet; only the cuts that
        // drop whole trailing fields (contentType, or contentEncoding and contentType) still decode.
        Assert.Equal([stored.Length - 4, stored.Length - 2], decodable);
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Every_byte_flip_of_a_fixture_throws_only_the_protobuf_exception_or_decodes(string version, string kind)
    {
        var stored = Fixtures.Bytes(version, kind, "pb");
        var copy = new byte[stored.Length];

        foreach (var mask in new byte[] { 0xFF, 0x80, 0x01, 0x07 })
        {
            for (var offset = 0; offset < stored.Length; offset++)
            {
                stored.CopyTo(copy, 0);
                copy[offset] ^= mask;
                DecodeOrRejectCleanly(copy);
            }
        }
    }

    [Fact]
    public void Truncated_raw_names_the_field_and_offset()
    {
        var bytes = Fixtures.Hex("6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 2a 0a 17");

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Contains("runtime.Unknown.raw", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset 19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_wire_type_for_a_known_field_names_it()
    {
        // Secret.type (field 3) sent as a varint.
        var bytes = Fixtures.Hex("6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 02 18 01 1a 00 22 00");

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Contains("Secret.type", error.Message, StringComparison.Ordinal);
        Assert.Contains("wire type 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("6b 38")]
    [InlineData("7b 22 6b 22 7d")]
    public void Missing_prefix_is_rejected(string hex)
    {
        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(Fixtures.Hex(hex)));

        Assert.Contains("k8s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_kind_is_named()
    {
        var bytes = Fixtures.Hex("6b 38 73 00 0a 08 0a 02 76 31 12 02 50 6f 12 00 1a 00 22 00");

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Contains("kind \"Po\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_varint_is_rejected()
    {
        var bytes = Fixtures.Hex("6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 0b 28 ff ff ff ff ff ff ff ff ff ff");

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Contains("longer than 10 bytes", error.Message, StringComparison.Ordinal);
    }

    // A flipped byte inside managedFields' raw JSON, or one that pushes a time past year 9999, survives protobuf
    // decoding (upstream does not check either) and is only refused, by name, when the object is written as JSON.
    private static void EncodeJsonOrRejectCleanly(AtRest.Kubernetes.Model.KubernetesObject obj)
    {
        try
        {
            KubernetesObjectCodec.EncodeJson(obj);
        }
        catch (KubernetesJsonException e)
        {
            Assert.True(e.Message.Contains("fieldsV1", StringComparison.Ordinal) || e.Message.Contains("Time", StringComparison.OrdinalIgnoreCase), e.Message);
        }
    }

    [Fact]
    public void Deeply_nested_unknown_groups_are_refused_not_recursed()
    {
        // Secret raw = 10,000 start-group tags for field 52 (a3 03): a stack-overflow attempt.
        var raw = Enumerable.Repeat(new byte[] { 0xa3, 0x03 }, 10_000).SelectMany(b => b).ToArray();
        var bytes = Fixtures.Hex("6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 a0 9c 01").Concat(raw).ToArray();

        var error = Assert.Throws<KubernetesProtobufException>(() => KubernetesObjectCodec.DecodeProtobuf(bytes));

        Assert.Contains("nested deeper than 64", error.Message, StringComparison.Ordinal);
    }

    private static bool DecodeOrRejectCleanly(ReadOnlySpan<byte> data)
    {
        try
        {
            var obj = KubernetesObjectCodec.DecodeProtobuf(data);
            Assert.NotNull(obj);

            // A decodable mutation is a whole object: it encodes again in every form without failing.
            KubernetesObjectCodec.EncodeProtobuf(obj);
            EncodeJsonOrRejectCleanly(obj);
            return true;
        }
        catch (KubernetesProtobufException)
        {
            return false;
        }
    }
}
