using System.Text;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>
/// A protobuf message being written, field by field, for the <c>openapi_v2.Document</c> kubectl 1.20 reads. Nested
/// messages are written whole before their length is known, which is fine for a document built once.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream bytes = new();

    /// <summary>A string field (wire type 2); empty strings are left out, as proto3 does.</summary>
    public ProtoMessage String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    /// <summary>A bool field (wire type 0); false is left out.</summary>
    public ProtoMessage Bool(int field, bool value)
    {
        if (value)
        {
            Varint((ulong)(field << 3));
            Varint(1);
        }

        return this;
    }

    /// <summary>A nested message field (wire type 2), written even when empty (it marks the oneof or the presence).</summary>
    public ProtoMessage Message(int field, ProtoMessage message)
    {
        Bytes(field, message.ToArray());
        return this;
    }

    /// <summary>The encoded message.</summary>
    public byte[] ToArray() => bytes.ToArray();

    private void Bytes(int field, byte[] value)
    {
        Varint((ulong)((field << 3) | 2));
        Varint((ulong)value.Length);
        bytes.Write(value);
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.WriteByte((byte)value);
    }
}
