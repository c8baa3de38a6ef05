using System.Text;
using Google.Protobuf;

namespace AtRest.Storage.Etcd;

/// <summary>Storage keys as etcd bytes, and the range end that selects every key under a prefix.</summary>
internal static class EtcdKeys
{
    /// <summary>The one-byte key "\0": the start of the key space, and as a range end "no upper bound".</summary>
    public static readonly ByteString NulKey = ByteString.CopyFrom(0);

    /// <summary>The key as UTF-8 bytes.</summary>
    public static ByteString Encode(string key) => UnsafeByteOperations.UnsafeWrap(Encoding.UTF8.GetBytes(key));

    /// <summary>The key as a string (keys are UTF-8).</summary>
    public static string Decode(ByteString key) => key.ToStringUtf8();

    /// <summary>
    /// The exclusive end of the range of keys starting with <paramref name="prefix"/>, as etcd's clientv3.GetPrefixRangeEnd:
    /// drop trailing 0xff bytes and add one to the last byte left; when none is left (or the prefix is empty) the
    /// answer is "\0", which etcd reads as "to the end of the key space".
    /// </summary>
    public static ByteString PrefixRangeEnd(ReadOnlySpan<byte> prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < 0xff)
            {
                var end = prefix[..(i + 1)].ToArray();
                end[i]++;
                return UnsafeByteOperations.UnsafeWrap(end);
            }
        }

        return NulKey;
    }

    /// <summary>The start key of a prefix range: the prefix itself, or "\0" for the empty prefix (the whole key space).</summary>
    public static ByteString PrefixStart(ByteString prefix) => prefix.IsEmpty ? NulKey : prefix;
}
