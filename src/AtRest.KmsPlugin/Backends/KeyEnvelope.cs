using System.Text;

namespace AtRest.KmsPlugin.Backends;

/// <summary>
/// The plugin's ciphertext, the same for both backends and both API versions (v1 requests carry no key id, so the
/// envelope names its key itself):
/// <code>
/// 0x01 ‖ u8 len(keyId) ‖ keyId (ASCII) ‖ nonce(12) ‖ AES-256-GCM(KEK, AAD = 0x01 ‖ len ‖ keyId) ciphertext ‖ tag(16)
/// </code>
/// </summary>
internal static class KeyEnvelope
{
    public const byte Version = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The header <c>0x01 ‖ len ‖ keyId</c>, which is also the AAD.</summary>
    public static byte[] Header(string keyId)
    {
        var id = Encoding.ASCII.GetBytes(keyId);
        if (id.Length is 0 or > byte.MaxValue)
        {
            throw new KeyBackendException($"key id must be 1 to 255 ASCII characters, got {id.Length}");
        }

        return [Version, (byte)id.Length, .. id];
    }

    /// <summary>Splits an envelope into its key id, header (AAD), nonce and sealed part.</summary>
    public static (string KeyId, int HeaderLength) Parse(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < 2 || envelope[0] != Version)
        {
            throw new KeyBackendException("ciphertext is not an atrest kms-plugin envelope (unknown version byte)");
        }

        var headerLength = 2 + envelope[1];
        if (envelope.Length < headerLength + NonceSize + TagSize)
        {
            throw new KeyBackendException($"ciphertext is {envelope.Length} bytes, too short for an atrest kms-plugin envelope");
        }

        return (Encoding.ASCII.GetString(envelope[2..headerLength]), headerLength);
    }
}
