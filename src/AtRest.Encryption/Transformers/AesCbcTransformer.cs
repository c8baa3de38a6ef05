namespace AtRest.Encryption.Transformers;

/// <summary>
/// The <c>aescbc</c> payload for one key: no AAD, no MAC.
/// <code>
/// IV(16) ‖ AES-CBC(key, IV, plaintext ‖ PKCS#7 pad)      pad = 16 − (len mod 16), so 1..16 bytes, always present
/// </code>
/// </summary>
/// <remarks>
/// Padding is checked by hand (decrypting with <see cref="PaddingMode.None"/>) to return upstream's exact texts.
/// A wrong key is only noticed through bad padding; roughly 1 in 256 wrong-key reads "succeeds" with garbage,
/// exactly as upstream. The cipher state is per thread (<see cref="CbcBlockCipher"/>).
/// </remarks>
internal sealed class AesCbcTransformer : StorageTransformer, IDisposable
{
    private const int BlockSize = 16;
    private readonly ThreadLocal<CbcBlockCipher> _cbc;
    private readonly INonceSource _nonces;

    public AesCbcTransformer(SecretKey key, INonceSource? nonces = null)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"AES key must be 16, 24 or 32 bytes, got {key.Length}", nameof(key));
        }

        _nonces = nonces ?? SystemNonceSource.Instance;
        _cbc = new ThreadLocal<CbcBlockCipher>(() => new CbcBlockCipher(key.Bytes), trackAllValues: true);
    }

    public override int GetStorageSize(int plaintextLength) => checked(BlockSize + ((plaintextLength / BlockSize) + 1) * BlockSize);

    public override void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> authenticatedData, ArraySegment<byte> destination)
    {
        var output = destination.AsSpan();
        var iv = output[..BlockSize];
        _nonces.Fill(iv);
        var body = output[BlockSize..];
        plaintext.CopyTo(body);
        var pad = (byte)(body.Length - plaintext.Length);
        body[plaintext.Length..].Fill(pad);
        _cbc.Value!.EncryptInPlace(iv, destination.Array!, destination.Offset + BlockSize, body.Length);
    }

    public override ReadOutcome Read(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> authenticatedData)
    {
        var span = data.Span;
        if (span.Length < BlockSize)
        {
            return ReadOutcome.Failure(TransformError.ShorterThanRequired);
        }

        var ciphertext = span[BlockSize..];
        if (ciphertext.Length % BlockSize != 0)
        {
            return ReadOutcome.Failure(TransformError.NotBlockMultiple);
        }

        if (ciphertext.Length == 0)
        {
            // Upstream would index out of range here (Go panic); an error is the only sane answer.
            return ReadOutcome.Failure(TransformError.InvalidPkcs7Data);
        }

        var result = GC.AllocateUninitializedArray<byte>(ciphertext.Length);
        ciphertext.CopyTo(result);
        _cbc.Value!.DecryptInPlace(span[..BlockSize], result, 0, result.Length);

        var pad = result[^1];
        if (pad == 0 || pad > result.Length)
        {
            return ReadOutcome.Failure(TransformError.InvalidPkcs7Data);
        }

        var size = result.Length - pad;
        for (var i = size; i < result.Length; i++)
        {
            if (result[i] != pad)
            {
                return ReadOutcome.Failure(TransformError.InvalidPadding);
            }
        }

        return ReadOutcome.Success(result.AsMemory(0, size));
    }

    public void Dispose()
    {
        foreach (var cbc in _cbc.Values)
        {
            cbc.Dispose();
        }

        _cbc.Dispose();
    }

    public override string ToString() => "aescbc(REDACTED)";
}
