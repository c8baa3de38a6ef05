using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.ApiServer.Tests.Lifecycle;

public sealed class StoredKeyLabelTests
{
    private const string KmsPrefix = "k8s:enc:kms:v2:vault:";

    [Fact]
    public void Kms_v2_value_is_labelled_with_its_key_id()
    {
        var stored = new EncryptedObject { EncryptedData = ByteString.CopyFrom(1, 2, 3), KeyID = "key-7", EncryptedDEKSource = ByteString.CopyFrom(4) };
        byte[] value = [.. System.Text.Encoding.ASCII.GetBytes(KmsPrefix), .. stored.ToByteArray()];

        Assert.Equal("k8s:enc:kms:v2:vault: key_id=key-7", StoredKeyLabel.For(KmsPrefix, value));
    }

    [Theory]
    [InlineData("k8s:enc:aescbc:v1:key1:")]
    [InlineData("identity")]
    public void Other_providers_are_labelled_with_their_prefix(string source) =>
        Assert.Equal(source, StoredKeyLabel.For(source, "k8s:enc:aescbc:v1:key1:\u0001\u0002"u8));

    [Fact]
    public void Kms_value_that_does_not_parse_keeps_the_prefix() =>
        Assert.Equal(KmsPrefix, StoredKeyLabel.For(KmsPrefix, [.. System.Text.Encoding.ASCII.GetBytes(KmsPrefix), 0xff, 0xff]));
}
