namespace AtRest.KmsPlugin.Hosting;

/// <summary>
/// Rewrites, in place, an HPACK-encoded <c>:authority</c> that is not a host name. grpc-go before 1.35 (kube-apiserver
/// v1.20's KMS client) sends the socket path as <c>:authority</c> over a unix socket, and Kestrel refuses a path there
/// with PROTOCOL_ERROR. Only header fields that name <c>:authority</c> by static index 1 are touched (grpc-go's encoder
/// always does); the value keeps its byte length so no frame length changes:
/// <code>
///   0 1 | index(6)=1      literal with incremental indexing      ┐
///   0 0 0 0 | index(4)=1  literal without indexing               ├ then  H | length(7+) | value(length bytes)
///   0 0 0 1 | index(4)=1  literal never indexed                  ┘
/// </code>
/// The new value is raw (H = 0) ASCII <c>localhost</c>, cut or padded with <c>x</c> to the old byte length. It decodes
/// no longer than the old value, so the decoder's dynamic table never holds less than the encoder's and later
/// indexed references still find the same entries.
/// </summary>
internal static class HpackAuthority
{
    private const int AuthorityIndex = 1;

    /// <summary>Rewrites <paramref name="block"/> (one complete header block); false when it is not well formed HPACK.</summary>
    public static bool TryRewrite(Span<byte> block)
    {
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            int prefixBits;
            if ((first & 0x80) != 0)
            {
                // Indexed field: nothing to rewrite.
                if (!TryReadInteger(block, ref position, 7, out _))
                {
                    return false;
                }

                continue;
            }

            if ((first & 0xC0) == 0x40)
            {
                prefixBits = 6;
            }
            else if ((first & 0xE0) == 0x20)
            {
                if (!TryReadInteger(block, ref position, 5, out _))
                {
                    return false;
                }

                continue;
            }
            else
            {
                prefixBits = 4;
            }

            if (!TryReadInteger(block, ref position, prefixBits, out var nameIndex))
            {
                return false;
            }

            if (nameIndex == 0 && !TrySkipString(block, ref position, out _, out _))
            {
                return false;
            }

            if (!TrySkipString(block, ref position, out var valueStart, out var valueLength))
            {
                return false;
            }

            if (nameIndex == AuthorityIndex)
            {
                var value = block.Slice(valueStart, valueLength);
                var huffman = (block[valueStart - LengthPrefixSize(valueLength)] & 0x80) != 0;
                if (huffman || !IsHostName(value))
                {
                    block[valueStart - LengthPrefixSize(valueLength)] &= 0x7F;
                    for (var i = 0; i < value.Length; i++)
                    {
                        value[i] = i < "localhost".Length ? (byte)"localhost"[i] : (byte)'x';
                    }
                }
            }
        }

        return true;
    }

    // The length prefix of a string: one byte under 127, else 0x7F and continuation bytes.
    private static int LengthPrefixSize(int length)
    {
        if (length < 0x7F)
        {
            return 1;
        }

        var size = 2;
        for (var rest = (length - 0x7F) >> 7; rest > 0; rest >>= 7)
        {
            size++;
        }

        return size;
    }

    private static bool IsHostName(ReadOnlySpan<byte> value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'-' or (byte)'.' or (byte)':'))
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private static bool TrySkipString(ReadOnlySpan<byte> block, ref int position, out int start, out int length)
    {
        start = 0;
        if (!TryReadInteger(block, ref position, 7, out length) || length > block.Length - position)
        {
            return false;
        }

        start = position;
        position += length;
        return true;
    }

    // RFC 7541 §5.1: an N-bit prefix, then 7 bits per continuation byte, least significant group first.
    private static bool TryReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits, out int value)
    {
        var max = (1 << prefixBits) - 1;
        value = block[position++] & max;
        if (value < max)
        {
            return true;
        }

        for (var shift = 0; shift <= 21; shift += 7)
        {
            if (position >= block.Length)
            {
                return false;
            }

            var next = block[position++];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
