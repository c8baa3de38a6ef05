using System.Runtime.InteropServices;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// The two libsodium calls secretbox needs, span-based so the write path allocates nothing but its output.
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
}
