namespace AtRest.Encryption.Transformers;

/// <summary>
/// KMS v2's <c>HKDF_SHA256_XNONCE_AES_GCM_SEED</c> payload (upstream <c>NewHKDFExtendedNonceGCMTransformer</c>):
/// <code>
/// info(32) ‖ nonce(12) ‖ ciphertext ‖ tag(16)      key = HKDF-Expand(SHA-256, PRK = seed, info, 32) — no Extract step
/// </code>
/// </summary>
internal static class HkdfExtendedNonceGcm
{
    public const int InfoSize = 32;
    public const int DerivedKeySize = Aes256Key.Size;
    public const int MinSeedSize = 32;

    /// <summary>Bytes before the ciphertext: info and nonce.</summary>
    public const int HeaderSize = InfoSize + AesGcmTransformer.NonceSize;

    /// <summary>The per-value AES-256 key (see <see cref="HkdfSeed"/>).</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> info)
    {
        using var kdf = new HkdfSeed(seed);
        var key = new byte[DerivedKeySize];
        kdf.Expand(info, key);
        return key;
    }

    /// <summary>Decrypts <c>info ‖ nonce ‖ ct ‖ tag</c> with upstream's error texts, deriving the key from the seed.</summary>
    public static ReadOutcome Open(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        if (data.Length < InfoSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        using var kdf = new HkdfSeed(seed);
        var key = default(Aes256Key);
        kdf.Expand(data[..InfoSize], key);
        var outcome = Open(key, data, authenticatedData, OneShotAesGcm.Preferred);
        ((Span<byte>)key).Clear();
        return outcome;
    }

    /// <summary>
    /// Decrypts <c>info ‖ nonce ‖ ct ‖ tag</c> (at least <see cref="InfoSize"/> bytes) with the key already derived
    /// from its info, with upstream's error texts.
    /// </summary>
    public static ReadOutcome Open(in Aes256Key key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authenticatedData, OneShotAesGcm.Engine engine)
    {
        var afterInfo = data[InfoSize..];
        if (afterInfo.Length < AesGcmTransformer.NonceSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var sealedPart = afterInfo[AesGcmTransformer.NonceSize..];
        if (sealedPart.Length < AesGcmTransformer.TagSize)
        {
            return ReadOutcome.Failure(TransformError.GcmAuthenticationFailed);
        }

        var plaintextLength = sealedPart.Length - AesGcmTransformer.TagSize;
        var result = GC.AllocateUninitializedArray<byte>(plaintextLength);
        return OneShotAesGcm.Open(key, afterInfo[..AesGcmTransformer.NonceSize], sealedPart[..plaintextLength], sealedPart[plaintextLength..], result,
                authenticatedData, engine)
            ? ReadOutcome.Success(result)
            : ReadOutcome.Failure(TransformError.GcmAuthenticationFailed);
    }

    /// <summary>
    /// Seals into <paramref name="payload"/> = <c>info ‖ nonce ‖ ct ‖ tag</c>, whose info and nonce the caller has
    /// filled and whose key it derived from that info.
    /// </summary>
    public static void Seal(in Aes256Key key, Span<byte> payload, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, OneShotAesGcm.Engine engine)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(payload.Length, HeaderSize + plaintext.Length + AesGcmTransformer.TagSize, nameof(payload));
        OneShotAesGcm.Seal(key, payload[InfoSize..HeaderSize], plaintext, payload.Slice(HeaderSize, plaintext.Length),
            payload[(HeaderSize + plaintext.Length)..], authenticatedData, engine);
    }
}
