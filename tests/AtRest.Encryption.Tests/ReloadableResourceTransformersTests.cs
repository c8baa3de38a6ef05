using System.Collections.Concurrent;
using System.Text;
using AtRest.Encryption.Tests.Transformers;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests;

/// <summary>Whole-configuration swaps while many threads read and write (issue point 7).</summary>
public sealed class ReloadableResourceTransformersTests
{
    [Fact]
    public void SwapReturnsThePreviousConfigurationAndCurrentFollows()
    {
        var a = Load(Keyed("aesgcm", ("a", Key32)));
        var b = Load(Keyed("secretbox", ("b", Key32)));
        var reloadable = new ReloadableResourceTransformers(a);
        Assert.Same(a, reloadable.Current);
        Assert.Same(a, reloadable.Swap(b));
        Assert.Same(b, reloadable.Current);
    }

    [Fact]
    public async Task ValuesWrittenDuringSwapsRemainReadableByTheUnionConfiguration()
    {
        // A writes aesgcm/a, B writes secretbox/b; each can read the other's values, as during a rotation.
        var a = Load(Keyed("aesgcm", ("a", Key32)) + Keyed("secretbox", ("b", OtherKey32)));
        var b = Load(Keyed("secretbox", ("b", OtherKey32)) + Keyed("aesgcm", ("a", Key32)));
        var union = Load(Keyed("aesgcm", ("a", Key32)) + Keyed("secretbox", ("b", OtherKey32)) + Keyed("aescbc", ("x", Key16)));
        var reloadable = new ReloadableResourceTransformers(a);
        var written = new ConcurrentBag<(byte[] Key, byte[] Plaintext, byte[] Stored)>();
        var failures = new ConcurrentQueue<string>();
        var prefixesSeen = new ConcurrentDictionary<string, bool>();
        const int Workers = 6;
        const int Operations = 250;
        var remaining = Workers;
        using var start = new Barrier(Workers + 1);

        var swapper = new Thread(() =>
        {
            start.SignalAndWait();
            var next = b;
            while (Volatile.Read(ref remaining) > 0)
            {
                next = ReferenceEquals(reloadable.Swap(next), a) ? a : b;
                Thread.Yield();
            }
        });
        var workers = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
        {
            var random = new Random(w + 100);
            start.SignalAndWait();
            for (var i = 0; i < Operations; i++)
            {
                try
                {
                    var key = Encoding.ASCII.GetBytes($"/registry/secrets/w{w}/{i}");
                    var plaintext = Encoding.ASCII.GetBytes($"value {w}/{i} {random.Next()}");
                    var stored = reloadable.For(Secrets).TransformToStorageAsync(plaintext, key).AsTask().GetAwaiter().GetResult();
                    prefixesSeen[Encoding.ASCII.GetString(stored, 0, 12)] = true;
                    written.Add((key, plaintext, stored));
                    var read = reloadable.For(Secrets).TransformFromStorageAsync(stored, key).AsTask().GetAwaiter().GetResult();
                    if (!read.Data.Span.SequenceEqual(plaintext))
                    {
                        failures.Enqueue($"worker {w} op {i}: mismatch");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"worker {w} op {i}: {e.Message}");
                }
            }

            Interlocked.Decrement(ref remaining);
        })).ToList();

        swapper.Start();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        swapper.Join();

        Assert.Empty(failures);
        Assert.Equal(Workers * Operations, written.Count);
        foreach (var (key, plaintext, stored) in written)
        {
            var read = await union.For(Secrets).TransformFromStorageAsync(stored, key, TestContext.Current.CancellationToken);
            Assert.Equal(plaintext, read.Data.ToArray());
        }

        Assert.True(prefixesSeen.Count >= 1);
    }
}
