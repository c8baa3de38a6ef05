using System.Text;

namespace AtRest.Storage.Sqlite;

/// <summary>The half-open UTF-8 range [<see cref="Low"/>, <see cref="High"/>) of keys under a prefix.</summary>
/// <param name="Low">The inclusive lower bound, bound as text.</param>
/// <param name="High">The exclusive upper bound, bound as a blob and cast to text in SQL.</param>
internal readonly record struct PrefixBounds(string Low, byte[] High)
{
    // No UTF-8 byte sequence contains 0xFF, so it sorts after every key.
    private static readonly byte[] AfterEverything = [0xFF];

    /// <summary>Every key that starts with <paramref name="prefix"/>, optionally from <paramref name="startKey"/> on.</summary>
    public static PrefixBounds For(string prefix, string? startKey = null)
    {
        var high = AfterEverything;
        if (prefix.Length > 0)
        {
            // The last byte of valid UTF-8 is at most 0xF4, so adding one never carries.
            high = Encoding.UTF8.GetBytes(prefix);
            high[^1]++;
        }

        var low = startKey is not null && CompareUtf8(startKey, prefix) > 0 ? startKey : prefix;
        return new PrefixBounds(low, high);
    }

    // SQLite compares text bytewise (UTF-8), which differs from UTF-16 ordinal order for supplementary characters.
    private static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
