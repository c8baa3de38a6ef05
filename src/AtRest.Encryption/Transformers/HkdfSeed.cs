using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// A KMS v2 seed ready for HKDF-Expand: the HMAC-SHA256 key schedule (ipad and opad absorbed) is computed once, so
/// each 32-byte derivation is two SHA-256 compressions with no allocation:
/// <code>
/// key = T(1) = HMAC-SHA256(seed, info ‖ 0x01)      (HKDF-Expand, L = 32, PRK = seed; no Extract step)
/// </code>
/// The keyed state is pinned and zeroed on <see cref="Dispose"/>.
/// </summary>
internal sealed class HkdfSeed : IDisposable
{
    private static readonly byte[] FirstBlockCounter = [0x01];
    private readonly byte[] _state = GC.AllocateArray<byte>(Libsodium.HmacSha256StateSize, pinned: true);

    public HkdfSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < HkdfExtendedNonceGcm.MinSeedSize)
        {
            throw new ArgumentException($"invalid seed length {seed.Length} used for key generation", nameof(seed));
        }

        Libsodium.HmacSha256Init(_state, seed);
    }

    /// <summary>Writes the AES-256 key for <paramref name="info"/>.</summary>
    public void Expand(ReadOnlySpan<byte> info, Span<byte> key) => Libsodium.HmacSha256(_state, info, FirstBlockCounter, key);

    public void Dispose() => CryptographicOperations.ZeroMemory(_state);

    public override string ToString() => "HkdfSeed(REDACTED)";
}
