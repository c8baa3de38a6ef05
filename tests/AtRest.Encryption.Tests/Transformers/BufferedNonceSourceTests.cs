using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Transformers;

public sealed class BufferedNonceSourceTests
{
    // KMS v2 draws info ‖ nonce: 44 bytes, which does not divide the 4 KiB block, so draws cross refills.
    private const int DrawSize = 44;

    [Fact]
    public void Draws_across_many_blocks_are_all_different_and_never_zero()
    {
        var seen = new HashSet<string>();
        var draw = new byte[DrawSize];
        for (var i = 0; i < 1_000; i++)
        {
            BufferedNonceSource.Instance.Fill(draw);
            Assert.False(draw.AsSpan().IndexOfAnyExcept((byte)0) < 0, $"draw {i} is all zeros");
            Assert.True(seen.Add(Convert.ToHexString(draw)), $"draw {i} repeats an earlier one");
        }
    }

    [Fact]
    public void Draws_of_every_size_up_to_past_a_quarter_block_are_filled()
    {
        var seen = new HashSet<string>();
        foreach (var size in new[] { 1, 12, 32, 44, 1000, 1024, 1025, 4096, 9000 })
        {
            var draw = new byte[size];
            BufferedNonceSource.Instance.Fill(draw);
            if (size >= 12)
            {
                Assert.False(draw.AsSpan().IndexOfAnyExcept((byte)0) < 0, $"a draw of {size} bytes is all zeros");
                Assert.True(seen.Add(Convert.ToHexString(draw.AsSpan(0, 12))), $"a draw of {size} bytes starts as an earlier one");
            }
        }
    }

    [Fact]
    public async Task Threads_drawing_at_once_get_different_bytes()
    {
        var draws = new byte[8][][];
        await Task.WhenAll(Enumerable.Range(0, draws.Length).Select(t => Task.Run(() =>
        {
            draws[t] = new byte[500][];
            for (var i = 0; i < draws[t].Length; i++)
            {
                draws[t][i] = new byte[DrawSize];
                BufferedNonceSource.Instance.Fill(draws[t][i]);
            }
        }, TestContext.Current.CancellationToken)));

        var all = draws.SelectMany(d => d).Select(Convert.ToHexString).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
