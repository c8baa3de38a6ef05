using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.Encryption.Kms;

/// <summary>
/// What a KMS v2 provider writes with until the plugin's key id changes: the seed (plaintext, never shown), what the
/// plugin made of it, and the write expiry that each valid Status pushes 3 minutes ahead. <see cref="Tail"/> is the
/// EncryptedObject fields after <c>encryptedData</c>, encoded once, so a write only encodes field 1:
/// <code>
/// 0x0A varint(len) info(32) ‖ nonce(12) ‖ ct ‖ tag(16)  │  0x12 keyID │ 0x1A encryptedDEKSource │ 0x22 annotations… │ 0x28 01
/// </code>
/// </summary>
internal sealed class KmsV2WriteState
{
    private long _expiresUtcTicks;

    public KmsV2WriteState(byte[] seed, EncryptedObject template, DateTimeOffset expiresAt)
    {
        Seed = seed;
        KeyId = template.KeyID;
        KeyIdHash = KmsMetrics.Hash(template.KeyID);
        Tail = template.ToByteArray();
        Template = template;
        CacheKey = KmsV2DekSourceCache.KeyOf(template);
        ExpiresAt = expiresAt;
    }

    /// <summary>The 32-byte seed, pinned; shared with the read cache.</summary>
    public byte[] Seed { get; }

    public string KeyId { get; }

    public string KeyIdHash { get; }

    public byte[] Tail { get; }

    public string CacheKey { get; }

    /// <summary>The EncryptedObject fields this state writes (no <c>encryptedData</c>).</summary>
    public EncryptedObject Template { get; }

    /// <summary>
    /// Whether <paramref name="obj"/> was written with this state's seed: the common read, which then needs neither the
    /// cache-key hash nor a cache lookup.
    /// </summary>
    public bool Wrote(EncryptedObject obj) =>
        obj.EncryptedDEKSourceType == EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed
        && obj.KeyID == KeyId
        && obj.EncryptedDEKSource.Equals(Template.EncryptedDEKSource)
        && obj.Annotations.Equals(Template.Annotations);

    public DateTimeOffset ExpiresAt
    {
        get => new(Volatile.Read(ref _expiresUtcTicks), TimeSpan.Zero);
        set => Volatile.Write(ref _expiresUtcTicks, value.UtcTicks);
    }

    public override string ToString() => $"KmsV2WriteState(key id hash {KeyIdHash}, REDACTED)";
}
