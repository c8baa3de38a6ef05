using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// Reader for KMS v2's <c>HKDF_SHA256_XNONCE_AES_GCM_SEED</c> payload (upstream <c>NewHKDFExtendedNonceGCMTransformer</c>):
/// <code>
/// info(32) ‖ nonce(12) ‖ ciphertext ‖ tag(16)      key = HKDF-Expand(SHA-256, PRK = seed, info, 32) — no Extract step
/// </code>
/// </summary>
internal static class HkdfExtendedNonceGcm
{
    public const int InfoSize = 32;
    public const int DerivedKeySize = 32;
    public const int MinSeedSize = 32;

    /// <summary>The per-value AES-256 key: HKDF-Expand only, never <c>DeriveKey</c> (which would add an Extract).</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> info)
    {
        if (seed.Length < MinSeedSize)
        {
            throw new ArgumentException($"invalid seed length {seed.Length} used for key generation", nameof(seed));
        }

        var key = new byte[DerivedKeySize];
        HKDF.Expand(HashAlgorithmName.SHA256, seed, key, info);
        return key;
    }

    /// <summary>Decrypts <c>info ‖ nonce ‖ ct ‖ tag</c> with upstream's error texts.</summary>
    public static ReadOutcome Open(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        if (data.Length < InfoSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var key = DeriveKey(seed, data[..InfoSize]);
        try
        {
            using var gcm = new AesGcm(key, AesGcmTransformer.TagSize);
            return AesGcmTransformer.Open(gcm, data[InfoSize..], authenticatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
