using System.Security.Cryptography;

namespace AtRest.Encryption.Transformers;

/// <summary>
/// AES-CBC for one key and one thread, reusing a single .NET encryptor and decryptor instead of the one-shot
/// <see cref="SymmetricAlgorithm.EncryptCbc(ReadOnlySpan{byte}, ReadOnlySpan{byte}, PaddingMode)"/> APIs, which build a
/// native context (and allocate) on every call.
/// </summary>
/// <remarks>
/// The transforms run CBC with PaddingMode.None, created with a zero IV, and are never finalised, so their chaining
/// value S carries over from the previous message (its last ciphertext block). A message with its own IV X is
/// processed by folding X and S into the first block:
/// <code>
/// encrypt: C0 = E((P0 ⊕ X ⊕ S) ⊕ S) = E(P0 ⊕ X)          decrypt: P0 = (D(C0) ⊕ S) ⊕ S ⊕ X = D(C0) ⊕ X
/// </code>
/// after which both sides remember the new S. If a transform ever throws, it is rebuilt (S back to zero).
/// </remarks>
internal sealed class CbcBlockCipher : IDisposable
{
    public const int BlockSize = 16;
    private readonly byte[] _key;
    private readonly byte[] _encryptChain = new byte[BlockSize];
    private readonly byte[] _decryptChain = new byte[BlockSize];
    private ICryptoTransform? _encryptor;
    private ICryptoTransform? _decryptor;

    public CbcBlockCipher(ReadOnlySpan<byte> key) => _key = key.ToArray();

    /// <summary>Encrypts the whole blocks at <paramref name="offset"/> in place, with <paramref name="iv"/>.</summary>
    public void EncryptInPlace(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count)
    {
        var transform = _encryptor ??= CreateTransform(encrypt: true);
        var first = buffer.AsSpan(offset, BlockSize);
        Xor(first, iv);
        Xor(first, _encryptChain);
        try
        {
            transform.TransformBlock(buffer, offset, count, buffer, offset);
        }
        catch
        {
            Reset(ref _encryptor, _encryptChain);
            throw;
        }

        buffer.AsSpan(offset + count - BlockSize, BlockSize).CopyTo(_encryptChain);
    }

    /// <summary>Decrypts the whole blocks at <paramref name="offset"/> in place, with <paramref name="iv"/>.</summary>
    public void DecryptInPlace(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count)
    {
        var transform = _decryptor ??= CreateTransform(encrypt: false);
        Span<byte> lastCiphertext = stackalloc byte[BlockSize];
        buffer.AsSpan(offset + count - BlockSize, BlockSize).CopyTo(lastCiphertext);
        try
        {
            transform.TransformBlock(buffer, offset, count, buffer, offset);
        }
        catch
        {
            Reset(ref _decryptor, _decryptChain);
            throw;
        }

        var first = buffer.AsSpan(offset, BlockSize);
        Xor(first, _decryptChain);
        Xor(first, iv);
        lastCiphertext.CopyTo(_decryptChain);
    }

    public void Dispose()
    {
        _encryptor?.Dispose();
        _decryptor?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private ICryptoTransform CreateTransform(bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        var zeroIv = new byte[BlockSize];
        return encrypt ? aes.CreateEncryptor(_key, zeroIv) : aes.CreateDecryptor(_key, zeroIv);
    }

    private static void Reset(ref ICryptoTransform? transform, byte[] chain)
    {
        transform?.Dispose();
        transform = null;
        Array.Clear(chain);
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < BlockSize; i++)
        {
            target[i] ^= value[i];
        }
    }
}
