using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// The <c>aesgcm</c> payload for one key; AAD = the full storage key.
/// <code>
/// nonce(12, random) ‖ ciphertext(len(plaintext)) ‖ tag(16)
/// </code>
/// </summary>
/// <remarks>
/// <see cref="AesGcm"/> is not thread-safe and costly to create, so one instance per key and thread is cached.
/// </remarks>
internal sealed class AesGcmTransformer : StorageTransformer, IDisposable
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private readonly ThreadLocal<AesGcm> _gcm;
    private readonly INonceSource _nonces;

    public AesGcmTransformer(SecretKey key, INonceSource? nonces = null)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"AES key must be 16, 24 or 32 bytes, got {key.Length}", nameof(key));
        }

        _nonces = nonces ?? SystemNonceSource.Instance;
        _gcm = new ThreadLocal<AesGcm>(() => new AesGcm(key.Bytes, TagSize), trackAllValues: true);
    }

    public override int GetStorageSize(int plaintextLength) => checked(NonceSize + plaintextLength + TagSize);

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination)
    {
        var output = destination.AsSpan();
        var nonce = output[..NonceSize];
        _nonces.Fill(nonce);
        _gcm.Value!.Encrypt(
            nonce,
            plaintext,
            output.Slice(NonceSize, plaintext.Length),
            output.Slice(NonceSize + plaintext.Length, TagSize),
            authenticatedData);
    }

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData) =>
        Open(_gcm.Value!, data.Span, authenticatedData);

    /// <summary>Opens <c>nonce ‖ ciphertext ‖ tag</c> with upstream's error texts.</summary>
    public static ReadOutcome Open(AesGcm gcm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        if (data.Length < NonceSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var sealedPart = data[NonceSize..];
        if (sealedPart.Length < TagSize)
        {
            return ReadOutcome.Failure(TransformError.GcmAuthenticationFailed);
        }

        var plaintextLength = sealedPart.Length - TagSize;
        var result = GC.AllocateUninitializedArray<byte>(plaintextLength);
        try
        {
            gcm.Decrypt(data[..NonceSize], sealedPart[..plaintextLength], sealedPart[plaintextLength..], result, authenticatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(result);
            return ReadOutcome.Failure(TransformError.GcmAuthenticationFailed);
        }

        return ReadOutcome.Success(result);
    }

    public void Dispose()
    {
        foreach (var gcm in _gcm.Values)
        {
            gcm.Dispose();
        }

        _gcm.Dispose();
    }

    public override string ToString() => "aesgcm(REDACTED)";
}
