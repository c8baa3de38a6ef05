using System.Runtime.InteropServices;
using Google.Protobuf;

namespace AtRest.Storage.Etcd;

/// <summary>Values out of parsed responses without a second copy.</summary>
internal static class EtcdBytes
{
    /// <summary>
    /// The bytes of a <see cref="ByteString"/> from a parsed response. Parsing gave the ByteString its own exactly-sized
    /// array and the response is dropped after conversion, so that array is handed over instead of copied; anything
    /// else is copied.
    /// </summary>
    public static byte[] Take(ByteString bytes)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }

        return MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToByteArray();
    }
}
