namespace AtRest.Encryption.Transformers;

/// <summary>Raw key bytes. Never printed: <see cref="ToString"/> shows only the length.</summary>
internal sealed class SecretKey
{
    private readonly byte[] _bytes;

    public SecretKey(ReadOnlySpan<byte> bytes)
    {
        // Pinned so native code (libsodium) can use it without copying and the GC never leaves moved copies behind.
        _bytes = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(_bytes);
    }

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public override string ToString() => $"SecretKey({Length} bytes, REDACTED)";
}
