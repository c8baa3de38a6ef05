using System.Text;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Seeded property tests: random keys, plaintexts (0..64 KiB) and storage keys round-trip through every provider.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, int> Providers => new()
    {
        { "aescbc", 16 }, { "aescbc", 24 }, { "aescbc", 32 },
        { "aesgcm", 16 }, { "aesgcm", 24 }, { "aesgcm", 32 },
        { "secretbox", 32 },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RandomValuesRoundTrip(string provider, int keySize)
    {
        var random = new Random(HashCode.Combine(provider.Length, keySize, 20261128));
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 4; round++)
        {
            var key = new byte[keySize];
            random.NextBytes(key);
            var config = Load(Keyed(provider, ("k" + round, Convert.ToBase64String(key))));
            var transformer = config.For(Secrets);
            foreach (var size in Sizes(random))
            {
                var plaintext = new byte[size];
                random.NextBytes(plaintext);
                var storageKey = Encoding.UTF8.GetBytes($"/registry/secrets/ns{random.Next(1000)}/{Guid.NewGuid()}");
                var stored = await transformer.TransformToStorageAsync(plaintext, storageKey, ct);
                var read = await transformer.TransformFromStorageAsync(stored, storageKey, ct);
                Assert.Equal(plaintext, read.Data.ToArray());
                Assert.False(read.Stale);
                if (size > 16)
                {
                    Assert.False(stored.AsSpan().IndexOf(plaintext.AsSpan(0, 16)) >= 0, "plaintext visible in the stored value");
                }
            }
        }
    }

    [Fact]
    public async Task SamePlaintextEncryptsDifferentlyEachTime()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var provider in new[] { "aescbc", "aesgcm", "secretbox" })
        {
            var transformer = Load(Keyed(provider, ("k", Key32))).For(Secrets);
            var a = await transformer.TransformToStorageAsync("same"u8.ToArray(), "/k"u8.ToArray(), ct);
            var b = await transformer.TransformToStorageAsync("same"u8.ToArray(), "/k"u8.ToArray(), ct);
            Assert.NotEqual(a, b);
        }
    }

    private static IEnumerable<int> Sizes(Random random)
    {
        int[] edges = [0, 1, 15, 16, 17, 31, 32, 33, 1024, 65536];
        foreach (var edge in edges)
        {
            yield return edge;
        }

        for (var i = 0; i < 6; i++)
        {
            yield return random.Next(0, 65537);
        }
    }
}
