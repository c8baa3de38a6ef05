using System.Security.Cryptography;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>The bounded (seed, info) → derived key cache of the KMS v2 read path.</summary>
public sealed class KmsV2DerivedKeyCacheTests
{
    [Fact]
    public void A_cached_key_is_returned_for_its_seed_and_info()
    {
        using var cache = new KmsV2DerivedKeyCache(16);
        var info = RandomNumberGenerator.GetBytes(32);
        var key = KeyOf(1);

        Assert.False(cache.TryGet(7, info, out _));
        cache.Add(7, info, key);

        Assert.True(cache.TryGet(7, info, out var hit));
        Assert.Equal(Bytes(key), Bytes(hit));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Another_info_or_another_seed_never_shares_a_key()
    {
        using var cache = new KmsV2DerivedKeyCache(16);
        var info = RandomNumberGenerator.GetBytes(32);
        cache.Add(1, info, KeyOf(1));

        foreach (var position in new[] { 0, 7, 8, 15, 16, 23, 24, 31 })
        {
            var other = info.ToArray();
            other[position] ^= 0x01;
            Assert.False(cache.TryGet(1, other, out _), $"info differing in byte {position} must miss");
        }

        Assert.False(cache.TryGet(2, info, out _));
        cache.Add(2, info, KeyOf(2));
        Assert.True(cache.TryGet(1, info, out var first));
        Assert.True(cache.TryGet(2, info, out var second));
        Assert.Equal(Bytes(KeyOf(1)), Bytes(first));
        Assert.Equal(Bytes(KeyOf(2)), Bytes(second));
    }

    [Fact]
    public void An_info_that_is_not_32_bytes_is_refused_naming_the_argument()
    {
        using var cache = new KmsV2DerivedKeyCache(16);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => cache.Add(1, new byte[31], KeyOf(1)));
        Assert.Equal("info", error.ParamName);
    }

    [Fact]
    public void Inserts_beyond_the_bound_evict_the_oldest_generation()
    {
        using var cache = new KmsV2DerivedKeyCache(100);
        var infos = Enumerable.Range(0, 1_000).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        for (var i = 0; i < infos.Length; i++)
        {
            cache.Add(1, infos[i], KeyOf(i));
            Assert.True(cache.Count <= cache.Capacity, $"{cache.Count} entries after {i + 1} inserts exceed the bound {cache.Capacity}");
        }

        Assert.False(cache.TryGet(1, infos[0], out _));
        Assert.True(cache.TryGet(1, infos[^1], out var last));
        Assert.Equal(Bytes(KeyOf(infos.Length - 1)), Bytes(last));
    }

    [Fact]
    public void A_key_read_again_survives_the_generation_that_held_it()
    {
        using var cache = new KmsV2DerivedKeyCache(10);
        var hot = RandomNumberGenerator.GetBytes(32);
        cache.Add(1, hot, KeyOf(42));
        for (var i = 0; i < 100; i++)
        {
            cache.Add(1, RandomNumberGenerator.GetBytes(32), KeyOf(i));
            Assert.True(cache.TryGet(1, hot, out var key), $"the hot key was evicted after {i + 1} other inserts");
            Assert.Equal(Bytes(KeyOf(42)), Bytes(key));
        }
    }

    [Fact]
    public async Task Concurrent_readers_and_writers_stay_within_the_bound_and_never_see_a_wrong_key()
    {
        using var cache = new KmsV2DerivedKeyCache(64);
        var infos = Enumerable.Range(0, 512).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var wrong = 0;
        await Parallel.ForAsync(0, 8, TestContext.Current.CancellationToken, (worker, _) =>
        {
            for (var round = 0; round < 2_000; round++)
            {
                var i = (round * 7 + worker * 13) % infos.Length;
                if (cache.TryGet(1, infos[i], out var key))
                {
                    if (!Bytes(key).SequenceEqual(Bytes(KeyOf(i))))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                else
                {
                    cache.Add(1, infos[i], KeyOf(i));
                }
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(0, wrong);
        // Racing inserts may overfill a generation by one entry per thread.
        Assert.InRange(cache.Count, 1, cache.Capacity + 8);
    }

    [Fact]
    public void Dispose_empties_the_cache_and_later_adds_are_ignored()
    {
        var cache = new KmsV2DerivedKeyCache(16);
        var info = RandomNumberGenerator.GetBytes(32);
        cache.Add(1, info, KeyOf(1));

        cache.Dispose();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(1, info, out _));
        cache.Add(1, info, KeyOf(1));
        Assert.False(cache.TryGet(1, info, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Its_text_shows_no_key_material()
    {
        using var cache = new KmsV2DerivedKeyCache(16);
        var key = KeyOf(5);
        cache.Add(1, RandomNumberGenerator.GetBytes(32), key);
        var text = cache.ToString();
        Assert.Contains("REDACTED", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Bytes(key)), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Bytes(key)), text, StringComparison.Ordinal);
        Assert.Equal("Aes256Key(REDACTED)", key.ToString());
    }

    private static Aes256Key KeyOf(int n)
    {
        var key = default(Aes256Key);
        SHA256.HashData(BitConverter.GetBytes(n), key);
        return key;
    }

    private static byte[] Bytes(in Aes256Key key) => ((ReadOnlySpan<byte>)key).ToArray();
}
