using System.Security.Cryptography;
using AtRest.Encryption.Kms.Stored;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Kms;

/// <summary>
/// A decrypted seed (or, for the old type, DEK) with what reads need from it: a process-unique <see cref="Id"/> that
/// keys the derived-key cache (so no key material is ever a dictionary key) and, for a seed, its HKDF key schedule.
/// </summary>
internal sealed class KmsV2DekSource : IDisposable
{
    private static long _lastId;

    public KmsV2DekSource(byte[] plaintext, EncryptedDEKSourceType type)
    {
        Plaintext = plaintext;
        Id = Interlocked.Increment(ref _lastId);
        if (type == EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed && plaintext.Length >= HkdfExtendedNonceGcm.MinSeedSize)
        {
            Kdf = new HkdfSeed(plaintext);
        }
    }

    /// <summary>The plaintext the plugin returned (pinned).</summary>
    public byte[] Plaintext { get; }

    public long Id { get; }

    /// <summary>The seed's HKDF; null for a DEK or for a seed too short to use.</summary>
    public HkdfSeed? Kdf { get; }

    public void Dispose()
    {
        Kdf?.Dispose();
        CryptographicOperations.ZeroMemory(Plaintext);
    }

    public override string ToString() => $"KmsV2DekSource({Id}, REDACTED)";
}
