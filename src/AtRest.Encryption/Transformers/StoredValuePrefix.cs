using System.Text;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// The provider prefix a stored value carries, to say what wrote it when no configured provider reads it. The layouts:
/// <code>
/// k8s:enc:aescbc:v1:&lt;key name&gt;:…      k8s:enc:aesgcm:v1:&lt;key name&gt;:…      k8s:enc:secretbox:v1:&lt;key name&gt;:…
/// k8s:enc:kms:v1:&lt;provider name&gt;:…     k8s:enc:kms:v2:&lt;provider name&gt;:…
/// </code>
/// Anything else was written by identity (plain text, e.g. <c>k8s\0</c> + protobuf) or is not a stored value.
/// </summary>
public static class StoredValuePrefix
{
    private const int PrefixSegments = 5;
    private const int MaxPrefixLength = 300;

    /// <summary>The marker every encrypting provider writes first.</summary>
    public static ReadOnlySpan<byte> Encrypted => "k8s:enc:"u8;

    /// <summary><c>k8s:enc:aescbc:v1:key1:</c> for an encrypted value, or null for a value no encrypting provider wrote.</summary>
    public static string? Of(ReadOnlySpan<byte> value)
    {
        if (!value.StartsWith(Encrypted))
        {
            return null;
        }

        // Five ':'-terminated segments; names are short, so a value without them within a few hundred bytes is not one.
        var colons = 0;
        var limit = Math.Min(value.Length, MaxPrefixLength);
        for (var i = 0; i < limit; i++)
        {
            if (value[i] == (byte)':' && ++colons == PrefixSegments)
            {
                var prefix = value[..(i + 1)];
                return prefix.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e) ? null : Encoding.ASCII.GetString(prefix);
            }
        }

        return null;
    }

    /// <summary>How the value names its writer, for messages: <c>"k8s:enc:aescbc:v1:key1:"</c> or <c>no k8s:enc: prefix (identity)</c>.</summary>
    public static string Describe(ReadOnlySpan<byte> value) =>
        Of(value) is { } prefix ? $"\"{prefix}\"" : value.StartsWith(Encrypted) ? "an unrecognised k8s:enc: prefix" : "no k8s:enc: prefix (written by identity)";
}
