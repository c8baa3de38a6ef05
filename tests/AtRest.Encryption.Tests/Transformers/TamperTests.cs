using System.Text;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>
/// Tampered values: aesgcm and secretbox always fail with a clear error and never return garbage; aescbc has no MAC,
/// so upstream guarantees only what padding can detect (tested for exactly that).
/// </summary>
public sealed class TamperTests
{
    private static readonly byte[] StorageKey = "/registry/secrets/default/s1"u8.ToArray();
    private static readonly byte[] Plaintext = Encoding.ASCII.GetBytes("a secret value that spans more than two AES blocks!");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Authenticated => new()
    {
        { "aesgcm", "cipher: message authentication failed" },
        { "secretbox", "output array was not large enough for encryption" },
    };

    [Theory]
    [MemberData(nameof(Authenticated))]
    public async Task EveryFlippedBitIsDetected(string provider, string expected)
    {
        var transformer = Load(Keyed(provider, ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var payloadStart = $"k8s:enc:{provider}:v1:k:".Length;
        for (var i = payloadStart; i < stored.Length; i++)
        {
            var tampered = (byte[])stored.Clone();
            tampered[i] ^= (byte)(1 << (i % 8));
            var error = await Assert.ThrowsAsync<EncryptionTransformException>(
                async () => await transformer.TransformFromStorageAsync(tampered, StorageKey, Ct));
            Assert.Equal(expected, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Authenticated))]
    public async Task EveryTruncationIsDetected(string provider, string authenticationError)
    {
        var transformer = Load(Keyed(provider, ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var payloadStart = $"k8s:enc:{provider}:v1:k:".Length;
        var minimum = provider == "aesgcm" ? 12 : 40;
        for (var length = payloadStart; length < stored.Length; length++)
        {
            var error = await Assert.ThrowsAsync<EncryptionTransformException>(
                async () => await transformer.TransformFromStorageAsync(stored.AsMemory(0, length), StorageKey, Ct));
            var expected = length - payloadStart < minimum ? "the stored data was shorter than the required size" : authenticationError;
            Assert.Equal(expected, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Authenticated))]
    public async Task WrongKeyUnderTheSameNameIsDetected(string provider, string expected)
    {
        var stored = await Load(Keyed(provider, ("k", Key32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var other = Load(Keyed(provider, ("k", OtherKey32))).For(Secrets);
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await other.TransformFromStorageAsync(stored, StorageKey, Ct));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task AesGcmValueMovedToAnotherKeyOrPrefixFails()
    {
        var transformer = Load(Keyed("aesgcm", ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        foreach (var moved in new[] { "/registry/secrets/default/s2", "/registry/secrets/other/s1", "/prefix/secrets/default/s1", "" })
        {
            var error = await Assert.ThrowsAsync<EncryptionTransformException>(
                async () => await transformer.TransformFromStorageAsync(stored, Encoding.ASCII.GetBytes(moved), Ct));
            Assert.Equal("cipher: message authentication failed", error.Message);
        }
    }

    [Theory]
    [InlineData("secretbox")]
    [InlineData("aescbc")]
    public async Task ProvidersWithoutAadReadAValueMovedToAnotherKey(string provider)
    {
        // Upstream binds only AEAD modes to the storage key; secretbox and aescbc ignore it (spec §2.5).
        var transformer = Load(Keyed(provider, ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var read = await transformer.TransformFromStorageAsync(stored, "/registry/secrets/default/elsewhere"u8.ToArray(), Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
    }

    [Fact]
    public async Task AesCbcWrongKeyNeverReturnsThePlaintextAndUsuallyFailsOnPadding()
    {
        var random = new Random(7);
        var stored = await Load(Keyed("aescbc", ("k", Key32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var failures = 0;
        const int Trials = 64;
        for (var i = 0; i < Trials; i++)
        {
            var wrong = new byte[32];
            random.NextBytes(wrong);
            var transformer = Load(Keyed("aescbc", ("k", Convert.ToBase64String(wrong)))).For(Secrets);
            try
            {
                var read = await transformer.TransformFromStorageAsync(stored, StorageKey, Ct);
                Assert.NotEqual(Plaintext, read.Data.ToArray());
            }
            catch (EncryptionTransformException e)
            {
                Assert.Contains(e.Message, new[] { "invalid PKCS7 data (empty or not padded)", "invalid padding on input" });
                failures++;
            }
        }

        // A wrong key "succeeds" only when the last block happens to look padded (~1/256 per try; the seed is fixed).
        Assert.True(failures >= Trials - 2, $"{failures} of {Trials} wrong-key reads failed");
    }

    [Fact]
    public async Task AesCbcHasNoIntegrity_FlippingAnIvBitFlipsThePlaintextBit()
    {
        // Documents upstream's guarantee (none beyond padding): CBC is malleable.
        var transformer = Load(Keyed("aescbc", ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        stored["k8s:enc:aescbc:v1:k:".Length] ^= 0x01;
        var read = await transformer.TransformFromStorageAsync(stored, StorageKey, Ct);
        var expected = (byte[])Plaintext.Clone();
        expected[0] ^= 0x01;
        Assert.Equal(expected, read.Data.ToArray());
    }

    [Fact]
    public async Task AesCbcStructuralDamageGivesUpstreamTexts()
    {
        var transformer = Load(Keyed("aescbc", ("k", Key32))).For(Secrets);
        var stored = await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var prefix = "k8s:enc:aescbc:v1:k:".Length;
        async Task<string> Read(int length) => (await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await transformer.TransformFromStorageAsync(stored.AsMemory(0, length), StorageKey, Ct))).Message;

        Assert.Equal("the stored data was shorter than the required size", await Read(prefix + 15));
        Assert.Equal("invalid PKCS7 data (empty or not padded)", await Read(prefix + 16));
        Assert.Equal("the stored data is not a multiple of the block size", await Read(prefix + 17));
        Assert.Equal("the stored data is not a multiple of the block size", await Read(stored.Length - 1));
    }
}
