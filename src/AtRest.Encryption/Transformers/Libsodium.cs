using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// The libsodium calls secretbox and KMS v2 need, span-based so the write path allocates nothing but its output.
/// The native library is the one shipped by the Sodium.Core package (runtimes/&lt;rid&gt;/native/libsodium).
/// </summary>
internal static unsafe partial class Libsodium
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    public const int MacSize = 16;
    private const string Library = "libsodium";
    private static readonly int InitResult = Initialise();

    /// <summary>
    /// <c>crypto_secretbox_easy</c>: writes <c>tag(16) ‖ ciphertext</c> into <paramref name="destination"/>.
    /// </summary>
    public static void SecretboxSeal(Span<byte> destination, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        EnsureInitialised();
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, message.Length + MacSize, nameof(destination));
        byte empty = 0;
        fixed (byte* c = destination)
        fixed (byte* m = message)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            if (crypto_secretbox_easy(c, message.Length == 0 ? &empty : m, (ulong)message.Length, n, k) != 0)
            {
                throw new InvalidOperationException("crypto_secretbox_easy failed");
            }
        }
    }

    /// <summary><c>crypto_secretbox_open_easy</c> on <c>tag ‖ ciphertext</c>; false when authentication fails.</summary>
    public static bool SecretboxOpen(Span<byte> destination, ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        EnsureInitialised();
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, sealedBox.Length - MacSize, nameof(destination));
        byte empty = 0;
        fixed (byte* m = destination)
        fixed (byte* c = sealedBox)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            return crypto_secretbox_open_easy(destination.Length == 0 ? &empty : m, c, (ulong)sealedBox.Length, n, k) == 0;
        }
    }

    /// <summary>
    /// Whether libsodium's AES-256-GCM (AES-NI and CLMUL on x86-64, the ARMv8 crypto extensions on arm64) runs on this
    /// CPU; without it callers use .NET's <see cref="System.Security.Cryptography.AesGcm"/>.
    /// </summary>
    public static bool Aes256GcmAvailable { get; } = InitResult >= 0
        && crypto_aead_aes256gcm_is_available() == 1
        && crypto_aead_aes256gcm_statebytes() == Aes256GcmStateSize;

    /// <summary><c>sizeof(crypto_auth_hmacsha256_state)</c>: the inner and outer SHA-256 states, plain data.</summary>
    public const int HmacSha256StateSize = 208;

    /// <summary><c>sizeof(crypto_aead_aes256gcm_state)</c>: round keys and GHASH powers, 16-byte aligned.</summary>
    private const int Aes256GcmStateSize = 512;

    /// <summary><c>crypto_auth_hmacsha256_init</c>: keys <paramref name="state"/> (ipad/opad absorbed) with any key length.</summary>
    public static void HmacSha256Init(Span<byte> state, ReadOnlySpan<byte> key)
    {
        EnsureInitialised();
        ArgumentOutOfRangeException.ThrowIfNotEqual(state.Length, HmacSha256StateSize, nameof(state));
        ArgumentOutOfRangeException.ThrowIfNotEqual((int)crypto_auth_hmacsha256_statebytes(), HmacSha256StateSize, "crypto_auth_hmacsha256_statebytes");
        fixed (byte* s = state)
        fixed (byte* k = key)
        {
            crypto_auth_hmacsha256_init(s, k, (nuint)key.Length);
        }
    }

    /// <summary>HMAC-SHA256 of <c>part1 ‖ part2</c> from a keyed state, which is copied and left unchanged.</summary>
    public static void HmacSha256(ReadOnlySpan<byte> keyedState, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(keyedState.Length, HmacSha256StateSize, nameof(keyedState));
        ArgumentOutOfRangeException.ThrowIfNotEqual(mac.Length, 32, nameof(mac));
        Span<byte> state = stackalloc byte[HmacSha256StateSize];
        keyedState.CopyTo(state);
        fixed (byte* s = state)
        fixed (byte* a = part1)
        fixed (byte* b = part2)
        fixed (byte* m = mac)
        {
            crypto_auth_hmacsha256_update(s, a, (ulong)part1.Length);
            crypto_auth_hmacsha256_update(s, b, (ulong)part2.Length);
            crypto_auth_hmacsha256_final(s, m);
        }

        CryptographicOperations.ZeroMemory(state);
    }

    /// <summary>
    /// AES-256-GCM seal, detached tag; the expanded key lives on this stack frame only (expanding it costs less than a
    /// lookup), so the call is thread-safe and leaves nothing to dispose. Only when <see cref="Aes256GcmAvailable"/>.
    /// </summary>
    public static void Aes256GcmSeal(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        CheckGcm(key, nonce, tag);
        ArgumentOutOfRangeException.ThrowIfNotEqual(ciphertext.Length, plaintext.Length, nameof(ciphertext));
        byte* raw = stackalloc byte[Aes256GcmStateSize + 16];
        var state = (byte*)(((nint)raw + 15) & ~(nint)15);
        byte empty = 0;
        fixed (byte* k = key)
        fixed (byte* n = nonce)
        fixed (byte* m = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        fixed (byte* a = aad)
        {
            try
            {
                crypto_aead_aes256gcm_beforenm(state, k);
                ulong tagLength;
                if (crypto_aead_aes256gcm_encrypt_detached_afternm(
                        plaintext.Length == 0 ? &empty : c, t, &tagLength, plaintext.Length == 0 ? &empty : m, (ulong)plaintext.Length,
                        aad.Length == 0 ? &empty : a, (ulong)aad.Length, null, n, state) != 0)
                {
                    throw new CryptographicException("crypto_aead_aes256gcm_encrypt_detached_afternm failed");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(new Span<byte>(state, Aes256GcmStateSize));
            }
        }
    }

    /// <summary>AES-256-GCM open, detached tag, as <see cref="Aes256GcmSeal"/>; false when authentication fails.</summary>
    public static bool Aes256GcmOpen(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        CheckGcm(key, nonce, tag);
        ArgumentOutOfRangeException.ThrowIfNotEqual(plaintext.Length, ciphertext.Length, nameof(plaintext));
        byte* raw = stackalloc byte[Aes256GcmStateSize + 16];
        var state = (byte*)(((nint)raw + 15) & ~(nint)15);
        byte empty = 0;
        fixed (byte* k = key)
        fixed (byte* n = nonce)
        fixed (byte* m = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        fixed (byte* a = aad)
        {
            try
            {
                crypto_aead_aes256gcm_beforenm(state, k);
                return crypto_aead_aes256gcm_decrypt_detached_afternm(
                    plaintext.Length == 0 ? &empty : m, null, ciphertext.Length == 0 ? &empty : c, (ulong)ciphertext.Length, t,
                    aad.Length == 0 ? &empty : a, (ulong)aad.Length, n, state) == 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(new Span<byte>(state, Aes256GcmStateSize));
            }
        }
    }

    private static void CheckGcm(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag)
    {
        if (!Aes256GcmAvailable)
        {
            throw new PlatformNotSupportedException("libsodium's AES-256-GCM is not available on this CPU");
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(key.Length, 32, nameof(key));
        ArgumentOutOfRangeException.ThrowIfNotEqual(nonce.Length, 12, nameof(nonce));
        ArgumentOutOfRangeException.ThrowIfNotEqual(tag.Length, 16, nameof(tag));
    }

    private static int Initialise()
    {
        // The package's copy is found through the deps file; hosts without it (a plain DLL reference, a trimmed
        // publish) fall back to the distribution's libsodium.
        NativeLibrary.SetDllImportResolver(typeof(Libsodium).Assembly, (name, assembly, searchPath) =>
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            foreach (var candidate in new[] { Library, "libsodium.so.26", "libsodium.so.23", "libsodium.so" })
            {
                if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                {
                    return handle;
                }
            }

            return IntPtr.Zero;
        });
        return sodium_init();
    }

    private static void EnsureInitialised()
    {
        if (InitResult < 0)
        {
            throw new InvalidOperationException("libsodium could not be initialised (sodium_init failed)");
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_secretbox_easy(byte* c, byte* m, ulong mlen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_secretbox_open_easy(byte* m, byte* c, ulong clen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial nuint crypto_auth_hmacsha256_statebytes();

    [LibraryImport(Library)]
    private static partial int crypto_auth_hmacsha256_init(byte* state, byte* key, nuint keylen);

    [LibraryImport(Library)]
    private static partial int crypto_auth_hmacsha256_update(byte* state, byte* input, ulong inlen);

    [LibraryImport(Library)]
    private static partial int crypto_auth_hmacsha256_final(byte* state, byte* output);

    [LibraryImport(Library)]
    private static partial int crypto_aead_aes256gcm_is_available();

    [LibraryImport(Library)]
    private static partial nuint crypto_aead_aes256gcm_statebytes();

    [LibraryImport(Library)]
    private static partial int crypto_aead_aes256gcm_beforenm(byte* state, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_aead_aes256gcm_encrypt_detached_afternm(
        byte* c, byte* mac, ulong* maclen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* state);

    [LibraryImport(Library)]
    private static partial int crypto_aead_aes256gcm_decrypt_detached_afternm(
        byte* m, byte* nsec, byte* c, ulong clen, byte* mac, byte* ad, ulong adlen, byte* npub, byte* state);
}
