namespace AtRest.Encryption.Transformers;

/// <summary>
/// The <c>secretbox</c> payload for one key (NaCl XSalsa20-Poly1305, libsodium "easy" layout); no AAD.
/// <code>
/// nonce(24, random) ‖ Poly1305 tag(16) ‖ XSalsa20 ciphertext(len(plaintext))
/// </code>
/// </summary>
internal sealed class SecretboxTransformer : StorageTransformer
{
    private const int Overhead = Libsodium.NonceSize + Libsodium.MacSize;
    private readonly SecretKey _key;
    private readonly INonceSource _nonces;

    public SecretboxTransformer(SecretKey key, INonceSource? nonces = null)
    {
        if (key.Length != Libsodium.KeySize)
        {
            throw new ArgumentException($"secretbox key must be 32 bytes, got {key.Length}", nameof(key));
        }

        _key = key;
        _nonces = nonces ?? SystemNonceSource.Instance;
    }

    public override int GetStorageSize(int plaintextLength) => checked(Overhead + plaintextLength);

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination)
    {
        var output = destination.AsSpan();
        var nonce = output[..Libsodium.NonceSize];
        _nonces.Fill(nonce);
        Libsodium.SecretboxSeal(output[Libsodium.NonceSize..], plaintext, nonce, _key.Bytes);
    }

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        var span = data.Span;
        if (span.Length < Overhead)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var result = GC.AllocateUninitializedArray<byte>(span.Length - Overhead);
        return Libsodium.SecretboxOpen(result, span[Libsodium.NonceSize..], span[..Libsodium.NonceSize], _key.Bytes)
            ? ReadOutcome.Success(result)
            : ReadOutcome.Failure(TransformError.SecretboxOpenFailed);
    }

    public override string ToString() => "secretbox(REDACTED)";
}
