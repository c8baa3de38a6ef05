using System.Security.Cryptography;
using System.Text;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Every key in the store with its create and mod revisions and a SHA-256 of its value (values themselves are not
/// printed), plus the store's revision: two dumps are equal exactly when not one byte, key or revision changed.
/// </summary>
internal static class StoreDump
{
    /// <summary>The dump as text, one key a line, for readable assertion diffs.</summary>
    public static async Task<string> TakeAsync(IKeyValueStore store)
    {
        var revision = await store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        var range = await store.RangeAsync(new RangeRequest("/", Revision: revision), TestContext.Current.CancellationToken);
        Assert.False(range.More, "the store dump expects every key in one range");
        var text = new StringBuilder($"revision {revision}, {range.Items.Count} keys\n");
        foreach (var kv in range.Items)
        {
            text.Append(kv.Key).Append(" create=").Append(kv.CreateRevision).Append(" mod=").Append(kv.ModRevision)
                .Append(" sha256=").Append(Convert.ToHexString(SHA256.HashData(kv.Value))).Append('\n');
        }

        return text.ToString();
    }
}
