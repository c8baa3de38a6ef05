using System.Text;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Chains are used from many threads at once (cached per-thread ciphers, shared libsodium key).</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void ManyThreadsMixingEncryptAndDecryptAcrossProvidersAllSucceed()
    {
        var configs = new[]
        {
            Load(Keyed("aesgcm", ("g", Key32)) + Keyed("secretbox", ("s", Key32)) + Keyed("aescbc", ("c", Key32))),
            Load(Keyed("secretbox", ("s", Key32)) + Keyed("aescbc", ("c", Key32)) + Keyed("aesgcm", ("g", Key32))),
            Load(Keyed("aescbc", ("c", Key32)) + Keyed("aesgcm", ("g", Key32)) + Keyed("secretbox", ("s", Key32))),
        };
        const int Threads = 8;
        const int Operations = 300;
        var failures = new List<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            start.SignalAndWait();
            for (var i = 0; i < Operations; i++)
            {
                try
                {
                    var writer = configs[random.Next(configs.Length)].For(Secrets);
                    var reader = configs[random.Next(configs.Length)].For(Secrets);
                    var plaintext = new byte[random.Next(0, 4096)];
                    random.NextBytes(plaintext);
                    var key = Encoding.ASCII.GetBytes($"/registry/secrets/t{t}/v{i}");
                    var stored = writer.TransformToStorageAsync(plaintext, key).AsTask().GetAwaiter().GetResult();
                    var read = reader.TransformFromStorageAsync(stored, key).AsTask().GetAwaiter().GetResult();
                    if (!read.Data.Span.SequenceEqual(plaintext))
                    {
                        lock (failures)
                        {
                            failures.Add($"thread {t} op {i}: plaintext mismatch");
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add($"thread {t} op {i}: {e.Message}");
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }
}
