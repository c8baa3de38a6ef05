namespace AtRest.Kubernetes.Json;

/// <summary>
/// Go's <c>encoding/json</c> reads a <c>\uXXXX</c> escape of a UTF-16 surrogate that is not half of a valid pair
/// as U+FFFD; System.Text.Json refuses to read such a string at all (an <see cref="InvalidOperationException"/> on
/// first access). Before parsing, each such escape is rewritten in place to <c>\uFFFD</c> (same length, so byte
/// offsets in later error messages stay true):
/// <code>
/// "\ud800"        → "\uFFFD"           lone high surrogate
/// "\udc00\ud800"  → "\uFFFD\uFFFD"     low before high: no pair
/// "\ud83d\ude00"  → unchanged          a valid pair (U+1F600)
/// </code>
/// </summary>
internal static class SurrogateEscapes
{
    /// <summary>The input, or a repaired copy when it escapes an unpaired surrogate inside a string.</summary>
    public static ReadOnlyMemory<byte> Repair(ReadOnlyMemory<byte> json)
    {
        var span = json.Span;
        if (span.IndexOf("\\u"u8) < 0)
        {
            return json;
        }

        byte[]? copy = null;
        var inString = false;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (!inString)
            {
                inString = b == (byte)'"';
                continue;
            }

            if (b == (byte)'"')
            {
                inString = false;
            }
            else if (b == (byte)'\\')
            {
                if (Escape(span, i) is not { } unit)
                {
                    i++;
                    continue;
                }

                if (char.IsHighSurrogate(unit) && Escape(span, i + 6) is { } next && char.IsLowSurrogate(next))
                {
                    i += 11;
                    continue;
                }

                if (char.IsSurrogate(unit))
                {
                    copy ??= span.ToArray();
                    "\\uFFFD"u8.CopyTo(copy.AsSpan(i));
                }

                i += 5;
            }
        }

        return copy is null ? json : copy;
    }

    // The UTF-16 unit of a \uXXXX escape starting at i, or null when there is none.
    private static char? Escape(ReadOnlySpan<byte> span, int i)
    {
        if (i + 6 > span.Length || span[i] != (byte)'\\' || span[i + 1] != (byte)'u')
        {
            return null;
        }

        var value = 0;
        for (var k = 2; k < 6; k++)
        {
            var digit = HexValue(span[i + k]);
            if (digit < 0)
            {
                return null;
            }

            value = (value << 4) | digit;
        }

        return (char)value;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
