using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// AES-256-GCM under a key used for one value (KMS v2's per-write derived keys), thread-safe and with nothing to
/// dispose. libsodium's AES-NI/ARMv8 code expands the key on the stack in about 30 ns, where a new .NET
/// <see cref="AesGcm"/> costs a native context, a SafeHandle and a finalizer (about 2 µs); .NET's is the fallback on
/// CPUs without the instructions.
/// </summary>
internal static class OneShotAesGcm
{
    public enum Engine
    {
        Libsodium,
        DotNet,
    }

    /// <summary>The engine used unless a caller (a test) names one.</summary>
    public static Engine Preferred { get; } = Libsodium.Aes256GcmAvailable ? Engine.Libsodium : Engine.DotNet;

    public static void Seal(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> aad, Engine engine)
    {
        if (engine == Engine.Libsodium)
        {
            Libsodium.Aes256GcmSeal(key, nonce, plaintext, ciphertext, tag, aad);
            return;
        }

        using var gcm = new AesGcm(key, AesGcmTransformer.TagSize);
        gcm.Encrypt(nonce, plaintext, ciphertext, tag, aad);
    }

    /// <summary>False when authentication fails (<paramref name="plaintext"/> is then zeroed).</summary>
    public static bool Open(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> aad, Engine engine)
    {
        if (engine == Engine.Libsodium)
        {
            if (Libsodium.Aes256GcmOpen(key, nonce, ciphertext, tag, plaintext, aad))
            {
                return true;
            }

            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }

        using var gcm = new AesGcm(key, AesGcmTransformer.TagSize);
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }
}
