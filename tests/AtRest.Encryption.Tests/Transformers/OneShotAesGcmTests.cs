using System.Security.Cryptography;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>KMS v2's per-value AES-256-GCM: libsodium's and .NET's engines are interchangeable, byte for byte.</summary>
public sealed class OneShotAesGcmTests
{
    private static readonly byte[] Aad = "/registry/secrets/default/s1"u8.ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(70_000)]
    public void Both_engines_seal_the_same_bytes_and_open_each_other(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var engines = Engines();
        var sealedBy = engines.Select(engine =>
        {
            var ciphertext = new byte[length];
            var tag = new byte[16];
            OneShotAesGcm.Seal(key, nonce, plaintext, ciphertext, tag, Aad, engine);
            return (Ciphertext: ciphertext, Tag: tag);
        }).ToArray();

        var expected = ReferenceSeal(key, nonce, plaintext);
        foreach (var (ciphertext, tag) in sealedBy)
        {
            Assert.Equal(expected.Ciphertext, ciphertext);
            Assert.Equal(expected.Tag, tag);
            foreach (var engine in engines)
            {
                var opened = new byte[length];
                Assert.True(OneShotAesGcm.Open(key, nonce, ciphertext, tag, opened, Aad, engine));
                Assert.Equal(plaintext, opened);
            }
        }
    }

    [Fact]
    public void A_wrong_aad_or_tag_fails_and_leaves_no_plaintext()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(64);
        var (ciphertext, tag) = ReferenceSeal(key, nonce, plaintext);
        foreach (var engine in Engines())
        {
            var opened = new byte[64];
            Assert.False(OneShotAesGcm.Open(key, nonce, ciphertext, tag, opened, "/registry/secrets/default/s2"u8, engine));
            Assert.All(opened, b => Assert.Equal(0, b));
            var badTag = tag.ToArray();
            badTag[15] ^= 1;
            Assert.False(OneShotAesGcm.Open(key, nonce, ciphertext, badTag, opened, Aad, engine));
            Assert.All(opened, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void The_preferred_engine_is_libsodium_exactly_when_this_CPU_has_its_instructions()
    {
        Assert.Equal(Libsodium.Aes256GcmAvailable ? OneShotAesGcm.Engine.Libsodium : OneShotAesGcm.Engine.DotNet, OneShotAesGcm.Preferred);
        if (!Libsodium.Aes256GcmAvailable)
        {
            Assert.Throws<PlatformNotSupportedException>(() =>
                OneShotAesGcm.Seal(new byte[32], new byte[12], [], [], new byte[16], [], OneShotAesGcm.Engine.Libsodium));
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(48)]
    [InlineData(64)]
    [InlineData(100)]
    public void HkdfSeed_expands_as_dotnet_HKDF_Expand(int seedLength)
    {
        var seed = RandomNumberGenerator.GetBytes(seedLength);
        using var kdf = new HkdfSeed(seed);
        for (var i = 0; i < 8; i++)
        {
            var info = RandomNumberGenerator.GetBytes(32);
            var key = new byte[32];
            kdf.Expand(info, key);
            Assert.Equal(HKDF.Expand(HashAlgorithmName.SHA256, seed, 32, info), key);
        }
    }

    [Fact]
    public void HkdfSeed_refuses_a_short_seed_with_upstream_text()
    {
        var error = Assert.Throws<ArgumentException>(() => new HkdfSeed(new byte[31]));
        Assert.StartsWith("invalid seed length 31 used for key generation", error.Message, StringComparison.Ordinal);
        using var kdf = new HkdfSeed(new byte[32]);
        Assert.Equal("HkdfSeed(REDACTED)", kdf.ToString());
    }

    private static OneShotAesGcm.Engine[] Engines() =>
        Libsodium.Aes256GcmAvailable ? [OneShotAesGcm.Engine.Libsodium, OneShotAesGcm.Engine.DotNet] : [OneShotAesGcm.Engine.DotNet];

    private static (byte[] Ciphertext, byte[] Tag) ReferenceSeal(byte[] key, byte[] nonce, byte[] plaintext)
    {
        using var gcm = new AesGcm(key, 16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        gcm.Encrypt(nonce, plaintext, ciphertext, tag, Aad);
        return (ciphertext, tag);
    }
}
