namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Structure-aware protobuf edits. The input is walked as nested messages (every length-delimited field that parses
/// as a message is entered) to find tags, lengths and values; one of them is then corrupted: a wrong wire type, a
/// varint that overflows 64 bits, a length that is negative, huge or off by one, field number 0 or 2^29-1, a field
/// repeated or replaced by the whole input (recursion), an unterminated group.
/// </summary>
internal static class ProtobufMutations
{
    private const int MaxWalkDepth = 12;

    public static byte[] Apply(Random random, byte[] input, byte[] other)
    {
        var fields = new List<ProtobufField>();
        if (input.Length > 4)
        {
            Walk(input, 4, input.Length, 0, fields);
        }

        if (fields.Count == 0)
        {
            return ByteMutations.Apply(random, input, other);
        }

        var f = fields[random.Next(fields.Count)];
        switch (random.Next(10))
        {
            case 0:
                // Same field, another wire type (6 and 7 do not exist).
                var retyped = (byte[])input.Clone();
                retyped[f.TagOffset] = (byte)((retyped[f.TagOffset] & 0xf8) | random.Next(8));
                return retyped;
            case 1:
                // The tag's varint padded to 11 bytes: longer than any 64-bit varint.
                return Replace(input, f.TagOffset, f.TagLength, [.. Enumerable.Repeat((byte)0xff, 10), 0x01]);
            case 2 when f.WireType == 2:
                ulong[] lengths = [0, 1, (ulong)Math.Max(0, f.ValueLength - 1), (ulong)f.ValueLength + 1, int.MaxValue, uint.MaxValue, ulong.MaxValue, unchecked((ulong)-1L), 1UL << 35];
                return Replace(input, f.LengthOffset, f.ValueOffset - f.LengthOffset, Varint(lengths[random.Next(lengths.Length)]));
            case 3:
                // Field number 0, the largest legal one, and one past it.
                ulong[] numbers = [0, (1UL << 29) - 1, 1UL << 29, uint.MaxValue >> 3, ulong.MaxValue >> 3];
                return Replace(input, f.TagOffset, f.TagLength, Varint((numbers[random.Next(numbers.Length)] << 3) | (uint)f.WireType));
            case 4:
                // The field again, right after itself (maps and repeated fields grow, scalars are overwritten).
                var whole = input.AsSpan(f.TagOffset, f.End - f.TagOffset).ToArray();
                var times = random.Next(2) == 0 ? 1 : random.Next(2, 200);
                return ByteMutations.Insert(input, f.End, Enumerable.Repeat(whole, times).SelectMany(b => b).ToArray());
            case 5 when f.WireType == 2:
                // Recursion: the field's contents become the whole input's message (metadata holding a Secret...).
                var nested = input.Length > 4 ? input[4..] : input;
                return Replace(input, f.LengthOffset, f.End - f.LengthOffset, [.. Varint((ulong)nested.Length), .. nested]);
            case 6 when f.WireType == 0:
                // A varint value that is huge, negative, or too long.
                byte[][] values = [Varint(ulong.MaxValue), Varint(1UL << 63), Varint(int.MaxValue + 1UL), [.. Enumerable.Repeat((byte)0x80, 10), 0x00], [0x80]];
                return Replace(input, f.ValueOffset, f.End - f.ValueOffset, values[random.Next(values.Length)]);
            case 7:
                // An open group where the field was.
                return Replace(input, f.TagOffset, f.End - f.TagOffset, Varint(((ulong)random.Next(1, 20) << 3) | 3));
            case 8:
                // Cut inside this field.
                return input[..(f.TagOffset + random.Next(Math.Max(1, f.End - f.TagOffset)))];
            default:
                // Another input's field spliced in at this position.
                var otherFields = new List<ProtobufField>();
                if (other.Length > 4)
                {
                    Walk(other, 4, other.Length, 0, otherFields);
                }

                if (otherFields.Count == 0)
                {
                    return input;
                }

                var g = otherFields[random.Next(otherFields.Count)];
                return ByteMutations.Insert(input, f.TagOffset, other.AsSpan(g.TagOffset, g.End - g.TagOffset));
        }
    }

    /// <summary>A varint, as protobuf writes it.</summary>
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>(10);
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>A length-delimited field.</summary>
    public static byte[] Field(int number, byte[] value) => [.. Varint(((ulong)number << 3) | 2), .. Varint((ulong)value.Length), .. value];

    private static byte[] Replace(byte[] input, int at, int length, ReadOnlySpan<byte> with) =>
        [.. input[..at], .. with, .. input[(at + length)..]];

    // Records the fields of the message in [start, end); false when those bytes are not a message.
    private static bool Walk(byte[] data, int start, int end, int depth, List<ProtobufField> fields)
    {
        var found = new List<ProtobufField>();
        var position = start;
        while (position < end)
        {
            var tagOffset = position;
            if (!TryVarint(data, ref position, end, out var tag) || tag >> 3 == 0)
            {
                return false;
            }

            var wireType = (int)(tag & 7);
            var lengthOffset = position;
            var valueOffset = position;
            switch (wireType)
            {
                case 0:
                    if (!TryVarint(data, ref position, end, out _))
                    {
                        return false;
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    if (!TryVarint(data, ref position, end, out var length) || length > (ulong)(end - position))
                    {
                        return false;
                    }

                    valueOffset = position;
                    position += (int)length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    return false;
            }

            if (position > end)
            {
                return false;
            }

            found.Add(new ProtobufField(tagOffset, lengthOffset - tagOffset, wireType, lengthOffset, valueOffset, position - valueOffset, position));
        }

        fields.AddRange(found);
        if (depth < MaxWalkDepth)
        {
            foreach (var field in found.Where(f => f.WireType == 2 && f.ValueLength > 0))
            {
                Walk(data, field.ValueOffset, field.End, depth + 1, fields);
            }
        }

        return true;
    }

    private static bool TryVarint(byte[] data, ref int position, int end, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < end; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
