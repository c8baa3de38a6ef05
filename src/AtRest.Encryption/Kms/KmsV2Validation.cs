using System.Text;
using System.Text.RegularExpressions;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace AtRest.Encryption.Kms;

/// <summary>Upstream's limits on what a plugin returns and on a stored EncryptedObject, with its texts (spec §3.5).</summary>
internal static partial class KmsV2Validation
{
    public const int MaxKeyIdSize = 1024;
    public const int MaxDekSourceSize = 1024;
    public const int MaxAnnotationsSize = 32 * 1024;

    /// <summary>Null when valid, otherwise <c>keyID is empty</c> / <c>keyID is N bytes, which exceeds the max size of 1024</c>.</summary>
    public static string? KeyId(string keyId)
    {
        var size = Encoding.UTF8.GetByteCount(keyId);
        return size == 0 ? "keyID is empty"
            : size > MaxKeyIdSize ? $"keyID is {size} bytes, which exceeds the max size of {MaxKeyIdSize}"
            : null;
    }

    public static string? DekSource(ByteString source) =>
        source.Length == 0 ? "encrypted DEK source is empty"
        : source.Length > MaxDekSourceSize ? $"encrypted DEK source is {source.Length} bytes, which exceeds the max size of {MaxDekSourceSize}"
        : null;

    public static string? Annotations(MapField<string, ByteString> annotations)
    {
        var errors = new List<string>();
        var total = 0;
        foreach (var (key, value) in annotations)
        {
            if (!IsQualifiedDnsName(key))
            {
                errors.Add($"metadata.annotations: Invalid value: \"{key}\": should be a domain with at least two segments separated by dots");
            }

            total += Encoding.UTF8.GetByteCount(key) + value.Length;
        }

        if (total > MaxAnnotationsSize)
        {
            errors.Add($"total size of annotations is {total}, which exceeds the max size of {MaxAnnotationsSize}");
        }

        return errors.Count == 0 ? null : string.Join(", ", errors);
    }

    /// <summary>Upstream's <c>ValidateEncryptedObject</c>: null when the object may be decrypted.</summary>
    public static string? EncryptedObject(EncryptedObject? obj)
    {
        if (obj is null)
        {
            return "encrypted object is nil";
        }

        if (obj.EncryptedDEKSourceType is not (EncryptedDEKSourceType.AesGcmKey or EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed))
        {
            return $"unknown encryptedDEKSourceType: {(int)obj.EncryptedDEKSourceType}";
        }

        if (obj.EncryptedData.Length == 0)
        {
            return "encrypted data is empty";
        }

        if (DekSource(obj.EncryptedDEKSource) is { } source)
        {
            return "failed to validate encrypted DEK source: " + source;
        }

        if (KeyId(obj.KeyID) is { } keyId)
        {
            return "failed to validate key id: " + keyId;
        }

        return Annotations(obj.Annotations) is { } annotations ? "failed to validate annotations: " + annotations : null;
    }

    private static bool IsQualifiedDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length <= 253 && trimmed.Contains('.', StringComparison.Ordinal) && Subdomain().IsMatch(trimmed);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
