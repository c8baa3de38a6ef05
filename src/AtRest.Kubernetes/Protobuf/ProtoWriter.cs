using System.Buffers;
using System.Text;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// Growable protobuf writer. Nested messages are written in place: <see cref="BeginMessage"/> leaves one byte for
/// the length and <see cref="EndMessage"/> widens it (moving the body) when the body is 128 bytes or longer.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int capacity = 256)
    {
        _buffer = new byte[capacity];
    }

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        _length += bytes.Length;
    }

    public void WriteString(int field, string value)
    {
        WriteTag(field, WireType.LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Grow(count));
        _length += count;
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint((ulong)value);
    }

    // int32 negatives are sign-extended to ten bytes, as Go's generated code does.
    public void WriteInt32(int field, int value) => WriteInt64(field, value);

    public void WriteBool(int field, bool value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(value ? 1UL : 0UL);
    }

    /// <summary>Starts a length-delimited nested message; returns the mark for <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int field)
    {
        WriteTag(field, WireType.LengthDelimited);
        Grow(1);
        _length++;
        return _length;
    }

    public void EndMessage(int mark)
    {
        var bodyLength = _length - mark;
        var lengthSize = VarintSize((ulong)bodyLength);
        if (lengthSize > 1)
        {
            Grow(lengthSize - 1);
            Array.Copy(_buffer, mark, _buffer, mark + lengthSize - 1, bodyLength);
            _length += lengthSize - 1;
        }

        EncodeVarint(_buffer.AsSpan(mark - 1, lengthSize), (ulong)bodyLength);
    }

    public void WriteStringMap(int field, Dictionary<string, string> map)
    {
        foreach (var key in SortedKeys(map.Keys))
        {
            var mark = BeginMessage(field);
            WriteString(1, key);
            WriteString(2, map[key]);
            EndMessage(mark);
        }
    }

    public void WriteBytesMap(int field, Dictionary<string, byte[]> map)
    {
        foreach (var key in SortedKeys(map.Keys))
        {
            var mark = BeginMessage(field);
            WriteString(1, key);
            WriteBytes(2, map[key] ?? []);
            EndMessage(mark);
        }
    }

    private static string[] SortedKeys(IEnumerable<string> keys)
    {
        var sorted = keys.ToArray();
        Array.Sort(sorted, Utf8Order.Instance);
        return sorted;
    }

    private void WriteTag(int field, WireType wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        var size = VarintSize(value);
        EncodeVarint(Grow(size), value);
        _length += size;
    }

    private static void EncodeVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private Span<byte> Grow(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        return _buffer.AsSpan(_length, count);
    }
}
