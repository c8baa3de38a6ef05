using System.Text;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// Reads the <c>transformer_prefix</c> label values kube-apiserver records from the stored bytes themselves:
/// <code>
/// k8s:enc:aescbc:v1:key1:&lt;ciphertext&gt;   → outer "k8s:enc:aescbc:v1:", inner "key1:"
/// k8s:enc:kms:v2:plugin:&lt;payload&gt;        → "k8s:enc:kms:v2:plugin:" (one level)
/// anything else                          → "identity" on reads, "" on writes
/// </code>
/// </summary>
internal static class TransformerPrefixes
{
    private static readonly byte[] Marker = "k8s:enc:"u8.ToArray();

    /// <summary>The outer and (for static-key providers) inner prefix of <paramref name="stored"/>; null when plain.</summary>
    public static (string Outer, string? Inner)? Parse(ReadOnlySpan<byte> stored)
    {
        if (!stored.StartsWith(Marker))
        {
            return null;
        }

        // k8s:enc:<type>:<version>: — two more colons after the marker.
        var typeEnd = IndexOfColon(stored, Marker.Length);
        var versionEnd = typeEnd < 0 ? -1 : IndexOfColon(stored, typeEnd + 1);
        if (versionEnd < 0)
        {
            return null;
        }

        var type = stored[Marker.Length..typeEnd];
        var nameEnd = IndexOfColon(stored, versionEnd + 1);
        if (type.SequenceEqual("kms"u8))
        {
            return nameEnd < 0 ? (Latin1(stored[..(versionEnd + 1)]), null) : (Latin1(stored[..(nameEnd + 1)]), null);
        }

        var outer = Latin1(stored[..(versionEnd + 1)]);
        return nameEnd < 0 ? (outer, null) : (outer, Latin1(stored[(versionEnd + 1)..(nameEnd + 1)]));
    }

    private static int IndexOfColon(ReadOnlySpan<byte> data, int start)
    {
        // Key names are short; a colon far away means this is not a prefix we understand.
        var window = data[start..Math.Min(data.Length, start + 256)];
        var index = window.IndexOf((byte)':');
        return index < 0 ? -1 : start + index;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
