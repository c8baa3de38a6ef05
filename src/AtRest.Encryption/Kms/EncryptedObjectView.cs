using System.Text;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.Encryption.Kms;

/// <summary>
/// A stored EncryptedObject as slices of the stored value, so a read copies neither the payload nor the DEK source:
/// <code>
/// 1 encryptedData (bytes) │ 2 keyID (string) │ 3 encryptedDEKSource (bytes) │ 4 annotations (map&lt;string, bytes&gt;) │ 5 type (enum)
/// </code>
/// <see cref="TryScan"/> takes the well-formed inputs; anything it does not take (truncation, a bad tag, invalid
/// UTF-8, a group) goes to <see cref="Parse"/>, which runs the generated parser so that what is accepted and every
/// error text stay the protobuf library's.
/// </summary>
internal readonly struct EncryptedObjectView
{
    private EncryptedObjectView(
        ReadOnlyMemory<byte> encryptedData, ReadOnlyMemory<byte> keyId, ReadOnlyMemory<byte> dekSource, int type,
        List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>>? annotations)
    {
        EncryptedData = encryptedData;
        KeyIdUtf8 = keyId;
        EncryptedDekSource = dekSource;
        Type = type;
        Annotations = annotations;
    }

    public ReadOnlyMemory<byte> EncryptedData { get; }

    public ReadOnlyMemory<byte> KeyIdUtf8 { get; }

    public ReadOnlyMemory<byte> EncryptedDekSource { get; }

    public int Type { get; }

    public EncryptedDEKSourceType DekSourceType => (EncryptedDEKSourceType)Type;

    /// <summary>Map entries in stored order (a later duplicate key wins); null when there are none.</summary>
    public List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>>? Annotations { get; }

    public string KeyId => Encoding.UTF8.GetString(KeyIdUtf8.Span);

    /// <summary>The view, or the unmarshal error text.</summary>
    public static EncryptedObjectView Parse(ReadOnlyMemory<byte> data, out string? error)
    {
        if (TryScan(data, out var view))
        {
            error = null;
            return view;
        }

        try
        {
            var obj = EncryptedObject.Parser.ParseFrom(data.Span);
            error = null;
            return From(obj);
        }
        catch (InvalidProtocolBufferException e)
        {
            error = e.Message;
            return default;
        }
    }

    /// <summary>A view of a parsed message (its ByteStrings' memory; key id and annotation keys encoded once).</summary>
    public static EncryptedObjectView From(EncryptedObject obj)
    {
        List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>>? annotations = null;
        foreach (var (key, value) in obj.Annotations)
        {
            (annotations ??= []).Add(new(Encoding.UTF8.GetBytes(key), value.Memory));
        }

        return new EncryptedObjectView(obj.EncryptedData.Memory, Encoding.UTF8.GetBytes(obj.KeyID), obj.EncryptedDEKSource.Memory,
            (int)obj.EncryptedDEKSourceType, annotations);
    }

    /// <summary>The annotations as the map the Decrypt request carries.</summary>
    public void CopyAnnotationsTo(Google.Protobuf.Collections.MapField<string, ByteString> target)
    {
        foreach (var (key, value) in Annotations ?? [])
        {
            target[Encoding.UTF8.GetString(key.Span)] = ByteString.CopyFrom(value.Span);
        }
    }

    /// <summary>The annotations as a map with the last value per key, for validation and hashing.</summary>
    public SortedDictionary<string, ReadOnlyMemory<byte>> AnnotationMap()
    {
        var map = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in Annotations ?? [])
        {
            map[Encoding.UTF8.GetString(key.Span)] = value;
        }

        return map;
    }

    private static bool TryScan(ReadOnlyMemory<byte> data, out EncryptedObjectView view)
    {
        view = default;
        var span = data.Span;
        var position = 0;
        ReadOnlyMemory<byte> encryptedData = default, keyId = default, dekSource = default;
        var type = 0;
        List<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>>? annotations = null;
        while (position < span.Length)
        {
            if (!TryVarint(span, ref position, out var tag))
            {
                return false;
            }

            var wireType = (int)(tag & 7);
            var field = tag >> 3;
            if (wireType == 2)
            {
                if (!TryLengthDelimited(span, ref position, out var start, out var length))
                {
                    return false;
                }

                var body = data.Slice(start, length);
                switch (field)
                {
                    case 1:
                        encryptedData = body;
                        break;
                    case 2:
                        if (!IsUtf8(body.Span))
                        {
                            return false;
                        }

                        keyId = body;
                        break;
                    case 3:
                        dekSource = body;
                        break;
                    case 4:
                        if (!TryMapEntry(body, out var entry))
                        {
                            return false;
                        }

                        (annotations ??= []).Add(entry);
                        break;
                    case 0:
                        return false;
                }
            }
            else if (wireType == 0)
            {
                if (field == 0 || !TryVarint(span, ref position, out var number))
                {
                    return false;
                }

                if (field == 5)
                {
                    type = (int)number;
                }
            }
            else if (field == 0 || !TrySkipFixed(span, ref position, wireType))
            {
                return false;
            }
        }

        view = new EncryptedObjectView(encryptedData, keyId, dekSource, type, annotations);
        return true;
    }

    private static bool TryMapEntry(ReadOnlyMemory<byte> entry, out KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> pair)
    {
        pair = default;
        var span = entry.Span;
        var position = 0;
        ReadOnlyMemory<byte> key = default, value = default;
        while (position < span.Length)
        {
            if (!TryVarint(span, ref position, out var tag) || tag >> 3 == 0)
            {
                return false;
            }

            var wireType = (int)(tag & 7);
            if (wireType == 2)
            {
                if (!TryLengthDelimited(span, ref position, out var start, out var length))
                {
                    return false;
                }

                if (tag >> 3 == 1)
                {
                    key = entry.Slice(start, length);
                    if (!IsUtf8(key.Span))
                    {
                        return false;
                    }
                }
                else if (tag >> 3 == 2)
                {
                    value = entry.Slice(start, length);
                }
            }
            else if (wireType == 0 ? !TryVarint(span, ref position, out _) : !TrySkipFixed(span, ref position, wireType))
            {
                return false;
            }
        }

        pair = new(key, value);
        return true;
    }

    private static bool TryLengthDelimited(ReadOnlySpan<byte> span, ref int position, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (!TryVarint(span, ref position, out var raw) || raw > (ulong)(span.Length - position))
        {
            return false;
        }

        start = position;
        length = (int)raw;
        position += length;
        return true;
    }

    // Fixed64 and fixed32 only; groups (3, 4) and wire types 6 and 7 go to the generated parser.
    private static bool TrySkipFixed(ReadOnlySpan<byte> span, ref int position, int wireType)
    {
        var size = wireType switch
        {
            1 => 8,
            5 => 4,
            _ => -1,
        };
        if (size < 0 || span.Length - position < size)
        {
            return false;
        }

        position += size;
        return true;
    }

    private static bool TryVarint(ReadOnlySpan<byte> span, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < span.Length; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> text) => System.Text.Unicode.Utf8.IsValid(text);
}
