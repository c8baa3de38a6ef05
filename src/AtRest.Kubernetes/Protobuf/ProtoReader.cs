using System.Text;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// Forward-only reader over one protobuf message. Every failure is a <see cref="KubernetesProtobufException"/>
/// naming the message, the field and the absolute byte offset in the outermost input.
/// </summary>
internal ref struct ProtoReader
{
    private const int MaxGroupDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private readonly string _message;
    private int _position;
    private int _field;

    public ProtoReader(ReadOnlySpan<byte> data, int baseOffset, string message)
    {
        _data = data;
        _baseOffset = baseOffset;
        _message = message;
        _position = 0;
        _field = 0;
    }

    /// <summary>The current field number (after <see cref="TryReadTag"/>).</summary>
    public readonly int Field => _field;

    /// <summary>The wire type of the current field.</summary>
    public WireType WireType { get; private set; }

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    public bool TryReadTag()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var start = _position;
        var tag = ReadRawVarint("tag");
        var field = tag >> 3;
        var wireType = (int)(tag & 7);
        if (field == 0 || field > int.MaxValue || wireType > 5)
        {
            throw Error($"invalid tag 0x{tag:x} at offset {_baseOffset + start}");
        }

        _field = (int)field;
        WireType = (WireType)wireType;
        return true;
    }

    public string ReadString(string name) => Encoding.UTF8.GetString(ReadBytesSpan(name));

    public byte[] ReadBytes(string name) => ReadBytesSpan(name).ToArray();

    public long ReadInt64(string name)
    {
        Expect(WireType.Varint, name);
        return (long)ReadRawVarint(name);
    }

    public int ReadInt32(string name)
    {
        Expect(WireType.Varint, name);
        return (int)ReadRawVarint(name);
    }

    public bool ReadBool(string name)
    {
        Expect(WireType.Varint, name);
        return ReadRawVarint(name) != 0;
    }

    /// <summary>Reads a length-delimited field and returns a reader over its contents.</summary>
    public ProtoReader ReadMessage(string name)
    {
        var body = ReadBytesSpan(name);
        return new ProtoReader(body, _baseOffset + _position - body.Length, name);
    }

    /// <summary>Reads a length-delimited field's bytes and their absolute offset.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(string name, out int absoluteOffset)
    {
        var body = ReadBytesSpan(name);
        absoluteOffset = _baseOffset + _position - body.Length;
        return body;
    }

    /// <summary>Skips the current field's value, whatever its wire type (unknown fields are tolerated).</summary>
    public void Skip()
    {
        var name = $"field {_field}";
        switch (WireType)
        {
            case WireType.Varint:
                ReadRawVarint(name);
                break;
            case WireType.Fixed64:
                Advance(8, name);
                break;
            case WireType.Fixed32:
                Advance(4, name);
                break;
            case WireType.LengthDelimited:
                ReadBytesSpan(name);
                break;
            case WireType.StartGroup:
                SkipGroup(_field);
                break;
            default:
                throw Error($"unexpected end-group for field {_field} at offset {_baseOffset + _position}");
        }
    }

    public readonly KubernetesProtobufException Error(string detail) => new($"invalid {_message}: {detail}");

    // Groups (deprecated, never written by Kubernetes) are skipped without recursion; nesting is capped so that a
    // hostile input cannot run the reader deep.
    private void SkipGroup(int groupField)
    {
        Span<int> open = stackalloc int[MaxGroupDepth];
        var depth = 0;
        open[depth++] = groupField;
        while (depth > 0)
        {
            if (!TryReadTag())
            {
                throw Error($"group field {open[depth - 1]} is not closed at offset {_baseOffset + _position}");
            }

            switch (WireType)
            {
                case WireType.EndGroup:
                    if (_field != open[depth - 1])
                    {
                        throw Error($"end-group for field {_field} closes group {open[depth - 1]} at offset {_baseOffset + _position}");
                    }

                    depth--;
                    break;
                case WireType.StartGroup:
                    if (depth == MaxGroupDepth)
                    {
                        throw Error($"groups nested deeper than {MaxGroupDepth} at offset {_baseOffset + _position}");
                    }

                    open[depth++] = _field;
                    break;
                default:
                    Skip();
                    break;
            }
        }
    }

    private ReadOnlySpan<byte> ReadBytesSpan(string name)
    {
        Expect(WireType.LengthDelimited, name);
        var lengthOffset = _position;
        var length = ReadRawVarint(name);
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"{name} at offset {_baseOffset + lengthOffset} declares {length} bytes but only {_data.Length - _position} remain");
        }

        var span = _data.Slice(_position, (int)length);
        _position += (int)length;
        return span;
    }

    private void Advance(int count, string name)
    {
        if (_data.Length - _position < count)
        {
            throw Error($"{name} is truncated at offset {_baseOffset + _position}");
        }

        _position += count;
    }

    private readonly void Expect(WireType expected, string name)
    {
        if (WireType != expected)
        {
            throw Error($"{name} (field {_field}) has wire type {(int)WireType}, expected {(int)expected}");
        }
    }

    private ulong ReadRawVarint(string name)
    {
        ulong result = 0;
        var start = _position;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Error($"{name} is truncated at offset {_baseOffset + start}");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error($"{name} at offset {_baseOffset + start} is a varint longer than 10 bytes");
    }
}
