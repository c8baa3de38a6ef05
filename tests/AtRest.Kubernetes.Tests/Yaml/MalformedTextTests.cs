namespace AtRest.Kubernetes.Tests.Yaml;

public sealed class MalformedTextTests
{
    // The Namespace YAML and the Secret JSON between them hold every shape (maps, lists, nested objects, times, base64).
    public static TheoryData<string, string> Texts => new()
    {
        { "Namespace", "yaml" },
        { "Secret", "json" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_byte_flip_of_a_fixture_text_throws_only_the_json_exception_or_decodes(string kind, string extension)
    {
        var text = Fixtures.Bytes("HEAD", kind, extension);
        var copy = new byte[text.Length];

        foreach (var mask in new byte[] { 0x20, 0x80 })
        {
            for (var offset = 0; offset < text.Length; offset++)
            {
                text.CopyTo(copy, 0);
                copy[offset] ^= mask;
                DecodeOrRejectCleanly(copy, strict: offset % 2 == 0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_truncation_of_a_fixture_text_throws_only_the_json_exception_or_decodes(string kind, string extension)
    {
        var text = Fixtures.Bytes("HEAD", kind, extension);

        for (var length = 0; length < text.Length; length++)
        {
            DecodeOrRejectCleanly(text[..length], strict: true);
        }
    }

    private static void DecodeOrRejectCleanly(byte[] data, bool strict)
    {
        try
        {
            var obj = KubernetesObjectCodec.DetectAndDecode(data, strict);
            KubernetesObjectCodec.EncodeProtobuf(obj);
            KubernetesObjectCodec.EncodeJson(obj);
        }
        catch (KubernetesJsonException)
        {
        }
    }
}
