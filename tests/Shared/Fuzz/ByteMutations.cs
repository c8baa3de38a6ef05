namespace AtRest.Tests.Shared.Fuzz;

/// <summary>Format-blind edits: bit flips, interesting bytes, truncation, deletion, duplication, splices, bad UTF-8.</summary>
internal static class ByteMutations
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x0a, 0x0d, 0x09, 0x20, (byte)'"', (byte)'\\', (byte)'{', (byte)'[', (byte)':', (byte)','];

    // Overlong encodings, a UTF-16 surrogate, a code point above U+10FFFF, bare continuation and truncated sequences.
    private static readonly byte[][] BadUtf8 =
    [
        [0xc0, 0x80], [0xc1, 0xbf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0x80], [0xbf], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xfe], [0xff], [0xef, 0xbb, 0xbf],
    ];

    public static byte[] Apply(Random random, byte[] input, byte[] other)
    {
        if (input.Length == 0)
        {
            return Insert(input, 0, BadUtf8[random.Next(BadUtf8.Length)]);
        }

        var at = random.Next(input.Length);
        switch (random.Next(9))
        {
            case 0:
                var flipped = (byte[])input.Clone();
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 1:
                var set = (byte[])input.Clone();
                set[at] = Interesting[random.Next(Interesting.Length)];
                return set;
            case 2:
                return input[..at];
            case 3:
                var end = Math.Min(input.Length, at + 1 + random.Next(32));
                return [.. input[..at], .. input[end..]];
            case 4:
                var length = Math.Min(input.Length - at, 1 + random.Next(64));
                return Insert(input, random.Next(input.Length + 1), input.AsSpan(at, length).ToArray());
            case 5:
                var cut = random.Next(other.Length + 1);
                return [.. input[..at], .. other[cut..]];
            case 6:
                return Insert(input, at, BadUtf8[random.Next(BadUtf8.Length)]);
            case 7:
                var replaced = (byte[])input.Clone();
                replaced[at] = (byte)random.Next(256);
                return replaced;
            default:
                var copies = random.Next(2, 64);
                var piece = input.AsSpan(at, Math.Min(input.Length - at, 1 + random.Next(8))).ToArray();
                return Insert(input, at, Enumerable.Repeat(piece, copies).SelectMany(p => p).ToArray());
        }
    }

    public static byte[] Insert(byte[] input, int at, ReadOnlySpan<byte> bytes) => [.. input[..at], .. bytes, .. input[at..]];
}
