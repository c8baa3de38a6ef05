using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// How the inventory names the key that holds a value: the prefix that read it, and for KMS v2 also the plugin's
/// <c>key_id</c> recorded in the value (one KMS provider name covers every key the plugin rotates through).
/// </summary>
public static class StoredKeyLabel
{
    private const string KmsV2Prefix = "k8s:enc:kms:v2:";

    /// <summary>The label of <paramref name="value"/>, read by <paramref name="source"/>.</summary>
    public static string For(string source, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.StartsWith(KmsV2Prefix, StringComparison.Ordinal) || value.Length < source.Length)
        {
            return source;
        }

        // k8s:enc:kms:v2:<name>: ‖ EncryptedObject{encryptedData=1, keyID=2, encryptedDEKSource=3, ...} (protobuf)
        try
        {
            var keyId = EncryptedObject.Parser.ParseFrom(value[source.Length..]).KeyID;
            return keyId.Length == 0 ? source : $"{source} key_id={keyId}";
        }
        catch (InvalidProtocolBufferException)
        {
            return source;
        }
    }
}
