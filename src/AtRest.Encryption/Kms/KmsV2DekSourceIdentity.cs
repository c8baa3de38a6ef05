namespace AtRest.Encryption.Kms;

/// <summary>
/// What identifies a stored value's DEK source: its <see cref="KmsV2DekSourceCache"/> key and its key id hash (for the
/// metrics), with the raw fields they were computed from, so that the next value of the same seed (the common case:
/// after a restart every value is of an earlier seed) is recognised by two byte comparisons instead of two SHA-256.
/// Only values without annotations are remembered.
/// </summary>
internal sealed class KmsV2DekSourceIdentity
{
    private readonly int _type;
    private readonly byte[] _keyIdUtf8;
    private readonly byte[] _dekSource;

    public KmsV2DekSourceIdentity(in EncryptedObjectView obj)
    {
        _type = obj.Type;
        _keyIdUtf8 = obj.KeyIdUtf8.ToArray();
        _dekSource = obj.EncryptedDekSource.ToArray();
        CacheKey = KmsV2DekSourceCache.KeyOf(obj);
        KeyIdHash = KmsMetrics.Hash(obj.KeyId);
    }

    public string CacheKey { get; }

    public string KeyIdHash { get; }

    /// <summary>Whether <paramref name="obj"/> has the same type, key id and DEK source, and no annotations.</summary>
    public bool Matches(in EncryptedObjectView obj) =>
        obj.Annotations is null
        && obj.Type == _type
        && obj.KeyIdUtf8.Span.SequenceEqual(_keyIdUtf8)
        && obj.EncryptedDekSource.Span.SequenceEqual(_dekSource);

    public override string ToString() => $"KmsV2DekSourceIdentity(key id hash {KeyIdHash})";
}
