using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// The OS CSPRNG (<see cref="RandomNumberGenerator"/>) read a block at a time per thread, for KMS v2 writes, which draw
/// 44 bytes (info ‖ nonce) each: one <see cref="RandomNumberGenerator.Fill"/> costs as much as that write's HKDF and
/// AES-GCM together, so drawing 4 KiB at once makes it about 1/90th of a call per write.
/// <code>
/// per thread: [ handed out, zeroed │ not yet handed out ]   refilled whole from the CSPRNG when a request does not fit
///             0                    used                  4096
/// </code>
/// Every byte handed out came from the CSPRNG and is handed out once; what a write takes is zeroed in the block, so
/// the block never keeps a value already in use. Info and nonce are stored in the clear beside the ciphertext, so the
/// block holds nothing secret: what matters is that each value is fresh and unpredictable, as upstream's per-write
/// <c>crypto/rand</c> read makes it. Requests larger than a quarter block go to the CSPRNG directly.
/// </summary>
internal sealed class BufferedNonceSource : INonceSource
{
    private const int BlockSize = 4096;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _used;

    private BufferedNonceSource()
    {
    }

    public static BufferedNonceSource Instance { get; } = new();

    public void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = _block;
        var used = _used;
        if (block is null || BlockSize - used < destination.Length)
        {
            block ??= _block = GC.AllocateUninitializedArray<byte>(BlockSize);
            RandomNumberGenerator.Fill(block);
            used = 0;
        }

        var taken = block.AsSpan(used, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        _used = used + destination.Length;
    }
}
