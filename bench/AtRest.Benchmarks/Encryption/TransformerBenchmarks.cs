using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Transformers;
using BenchmarkDotNet.Attributes;

namespace AtRest.Benchmarks.Encryption;

/// <summary>
/// Encrypt and decrypt through the full prefix chain of a loaded configuration, beside the bare cipher
/// on preallocated buffers (the "Raw" methods), single thread. The difference at 1 KiB is the chain's overhead.
/// </summary>
[MemoryDiagnoser]
public class TransformerBenchmarks
{
    private static readonly byte[] StorageKey = Encoding.UTF8.GetBytes("/registry/secrets/default/secret1");
    private IValueTransformer _chain = null!;
    private byte[] _plaintext = null!;
    private byte[] _stored = null!;
    private byte[] _key = null!;
    private byte[] _rawOut = null!;
    private byte[] _rawIn = null!;
    private AesGcm _gcm = null!;
    private Aes _aes = null!;

    [Params("aescbc", "aesgcm", "secretbox")]
    public string Provider { get; set; } = "aesgcm";

    [Params(1024, 16384, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = RandomNumberGenerator.GetBytes(32);
        var yaml = EncryptionConfigurationWriter.Render(["secrets"], EncryptionProviderSpec.Keyed(Provider, ("key1", Convert.ToBase64String(_key))));
        _chain = EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "bench").For(new GroupResource("", "secrets"));
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        _stored = _chain.TransformToStorageAsync(_plaintext, StorageKey).AsTask().GetAwaiter().GetResult();
        _gcm = new AesGcm(_key, 16);
        _aes = Aes.Create();
        _aes.Key = _key;
        _rawOut = new byte[Size + 64];
        _rawIn = Provider switch
        {
            "aesgcm" => RawGcmSeal(),
            "aescbc" => _aes.EncryptCbc(_plaintext, new byte[16], PaddingMode.PKCS7),
            _ => RawSecretboxSeal(),
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gcm.Dispose();
        _aes.Dispose();
    }

    [Benchmark]
    public byte[] Encrypt() => _chain.TransformToStorageAsync(_plaintext, StorageKey).GetAwaiter().GetResult();

    [Benchmark]
    public ReadOnlyMemory<byte> Decrypt() => _chain.TransformFromStorageAsync(_stored, StorageKey).GetAwaiter().GetResult().Data;

    /// <summary>The bare cipher with a fresh random nonce/IV into a preallocated buffer.</summary>
    [Benchmark]
    public int RawEncrypt()
    {
        switch (Provider)
        {
            case "aesgcm":
                RandomNumberGenerator.Fill(_rawOut.AsSpan(0, 12));
                _gcm.Encrypt(_rawOut.AsSpan(0, 12), _plaintext, _rawOut.AsSpan(12, Size), _rawOut.AsSpan(12 + Size, 16), StorageKey);
                return Size + 28;
            case "aescbc":
                RandomNumberGenerator.Fill(_rawOut.AsSpan(0, 16));
                return 16 + _aes.EncryptCbc(_plaintext, _rawOut.AsSpan(0, 16), _rawOut.AsSpan(16), PaddingMode.PKCS7);
            default:
                RandomNumberGenerator.Fill(_rawOut.AsSpan(0, 24));
                Libsodium.SecretboxSeal(_rawOut.AsSpan(24, Size + 16), _plaintext, _rawOut.AsSpan(0, 24), _key);
                return Size + 40;
        }
    }

    /// <summary>The bare cipher decrypting into a preallocated buffer.</summary>
    [Benchmark]
    public int RawDecrypt()
    {
        switch (Provider)
        {
            case "aesgcm":
                _gcm.Decrypt(_rawIn.AsSpan(0, 12), _rawIn.AsSpan(12, Size), _rawIn.AsSpan(12 + Size, 16), _rawOut.AsSpan(0, Size), StorageKey);
                return Size;
            case "aescbc":
                return _aes.DecryptCbc(_rawIn, new byte[16], _rawOut, PaddingMode.PKCS7);
            default:
                Libsodium.SecretboxOpen(_rawOut.AsSpan(0, Size), _rawIn.AsSpan(24), _rawIn.AsSpan(0, 24), _key);
                return Size;
        }
    }

    private byte[] RawGcmSeal()
    {
        var sealedValue = new byte[12 + Size + 16];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, 12));
        _gcm.Encrypt(sealedValue.AsSpan(0, 12), _plaintext, sealedValue.AsSpan(12, Size), sealedValue.AsSpan(12 + Size), StorageKey);
        return sealedValue;
    }

    private byte[] RawSecretboxSeal()
    {
        var sealedValue = new byte[24 + Size + 16];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, 24));
        Libsodium.SecretboxSeal(sealedValue.AsSpan(24), _plaintext, sealedValue.AsSpan(0, 24), _key);
        return sealedValue;
    }
}
