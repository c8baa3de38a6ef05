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
    public static string? KeyId(string keyId) => KeyIdSize(Encoding.UTF8.GetByteCount(keyId));

    public static string? DekSource(ByteString source) => DekSourceSize(source.Length);

    public static string? Annotations(MapField<string, ByteString> annotations) =>
        Annotations(annotations.Select(a => new KeyValuePair<string, int>(a.Key, a.Value.Length)));

    /// <summary>Upstream's <c>ValidateEncryptedObject</c>: null when the object may be decrypted.</summary>
    public static string? EncryptedObject(in EncryptedObjectView obj)
    {
        if (obj.DekSourceType is not (EncryptedDEKSourceType.AesGcmKey or EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed))
        {
            return $"unknown encryptedDEKSourceType: {obj.Type}";
        }

        if (obj.EncryptedData.Length == 0)
        {
            return "encrypted data is empty";
        }

        if (DekSourceSize(obj.EncryptedDekSource.Length) is { } source)
        {
            return "failed to validate encrypted DEK source: " + source;
        }

        if (KeyIdSize(obj.KeyIdUtf8.Length) is { } keyId)
        {
            return "failed to validate key id: " + keyId;
        }

        if (obj.Annotations is null)
        {
            return null;
        }

        return Annotations(obj.AnnotationMap().Select(a => new KeyValuePair<string, int>(a.Key, a.Value.Length))) is { } annotations
            ? "failed to validate annotations: " + annotations
            : null;
    }

    private static string? KeyIdSize(int size) =>
        size == 0 ? "keyID is empty"
        : size > MaxKeyIdSize ? $"keyID is {size} bytes, which exceeds the max size of {MaxKeyIdSize}"
        : null;

    private static string? DekSourceSize(int length) =>
        length == 0 ? "encrypted DEK source is empty"
        : length > MaxDekSourceSize ? $"encrypted DEK source is {length} bytes, which exceeds the max size of {MaxDekSourceSize}"
        : null;

    /// <summary>Annotation keys with their value lengths.</summary>
    private static string? Annotations(IEnumerable<KeyValuePair<string, int>> annotations)
    {
        var errors = new List<string>();
        var total = 0;
        foreach (var (key, valueLength) in annotations)
        {
            if (!IsQualifiedDnsName(key))
            {
                errors.Add($"metadata.annotations: Invalid value: \"{key}\": should be a domain with at least two segments separated by dots");
            }

            total += Encoding.UTF8.GetByteCount(key) + valueLength;
        }

        if (total > MaxAnnotationsSize)
        {
            errors.Add($"total size of annotations is {total}, which exceeds the max size of {MaxAnnotationsSize}");
        }

        return errors.Count == 0 ? null : string.Join(", ", errors);
    }

    private static bool IsQualifiedDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length <= 253 && trimmed.Contains('.', StringComparison.Ordinal) && Subdomain().IsMatch(trimmed);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
