using System.Text;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.Encryption.Kms;

/// <summary>
/// What a KMS v2 provider writes with until the plugin's key id changes: the seed (never shown), what the plugin made
/// of it, and the write expiry that each valid Status pushes 3 minutes ahead. <see cref="Tail"/> is the
/// EncryptedObject fields after <c>encryptedData</c>, encoded once, so a write only encodes field 1:
/// <code>
/// 0x0A varint(len) info(32) ‖ nonce(12) ‖ ct ‖ tag(16)  │  0x12 keyID │ 0x1A encryptedDEKSource │ 0x22 annotations… │ 0x28 01
/// </code>
/// A stored value that is exactly field 1 followed by <see cref="Tail"/> was written with this seed, so the common
/// read recognises it by one byte comparison, without parsing.
/// </summary>
internal sealed class KmsV2WriteState
{
    private readonly byte[] _keyIdUtf8;
    private long _expiresUtcTicks;

    public KmsV2WriteState(KmsV2DekSource source, EncryptedObject template, DateTimeOffset expiresAt)
    {
        Source = source;
        KeyId = template.KeyID;
        _keyIdUtf8 = Encoding.UTF8.GetBytes(template.KeyID);
        KeyIdHash = KmsMetrics.Hash(template.KeyID);
        Tail = template.ToByteArray();
        Template = template;
        CacheKey = KmsV2DekSourceCache.KeyOf(EncryptedObjectView.From(template));
        ExpiresAt = expiresAt;
    }

    /// <summary>The seed, shared with the read cache.</summary>
    public KmsV2DekSource Source { get; }

    public string KeyId { get; }

    public ReadOnlySpan<byte> KeyIdUtf8 => _keyIdUtf8;

    public string KeyIdHash { get; }

    public byte[] Tail { get; }

    public string CacheKey { get; }

    /// <summary>The EncryptedObject fields this state writes (no <c>encryptedData</c>).</summary>
    public EncryptedObject Template { get; }

    public DateTimeOffset ExpiresAt
    {
        get => new(Volatile.Read(ref _expiresUtcTicks), TimeSpan.Zero);
        set => Volatile.Write(ref _expiresUtcTicks, value.UtcTicks);
    }

    /// <summary>
    /// Whether <paramref name="data"/> is <c>0x0A varint(len) payload ‖ Tail</c> with a non-empty payload: then it
    /// parses to exactly this state's fields and <paramref name="payload"/> is its <c>encryptedData</c>.
    /// </summary>
    public bool TryMatchOwn(ReadOnlyMemory<byte> data, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        var span = data.Span;
        if (span.Length < 2 || span[0] != 0x0A)
        {
            return false;
        }

        ulong length = 0;
        var position = 1;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= span.Length || shift > 28)
            {
                return false;
            }

            var b = span[position++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length == 0 || (ulong)(span.Length - position) != length + (ulong)Tail.Length
            || !span[(position + (int)length)..].SequenceEqual(Tail))
        {
            return false;
        }

        payload = data.Slice(position, (int)length);
        return true;
    }

    /// <summary>Whether a parsed value carries this state's fields (written with its seed, maybe encoded differently).</summary>
    public bool Wrote(in EncryptedObjectView obj)
    {
        if (obj.DekSourceType != EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed
            || !obj.KeyIdUtf8.Span.SequenceEqual(_keyIdUtf8)
            || !obj.EncryptedDekSource.Span.SequenceEqual(Template.EncryptedDEKSource.Span))
        {
            return false;
        }

        if (obj.Annotations is null)
        {
            return Template.Annotations.Count == 0;
        }

        var annotations = obj.AnnotationMap();
        return annotations.Count == Template.Annotations.Count
            && annotations.All(a => Template.Annotations.TryGetValue(a.Key, out var value) && value.Span.SequenceEqual(a.Value.Span));
    }

    public override string ToString() => $"KmsV2WriteState(key id hash {KeyIdHash}, REDACTED)";
}
