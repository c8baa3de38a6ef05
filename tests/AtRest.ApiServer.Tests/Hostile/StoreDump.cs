using System.Security.Cryptography;
using System.Text;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Every key in the store with its create and mod revisions and a SHA-256 of its value (values themselves are not
/// printed): two dumps are equal exactly when not one object's byte, key or revision changed. The server's own
/// records (<c>/registry/atrest.io/servers/…</c>, rewritten every few seconds like kube-apiserver's identity leases)
/// are left out, and so is the store's revision, which those rewrites move.
/// </summary>
internal static class StoreDump
{
    private const string ServerRecordsPrefix = "/registry/atrest.io/";

    /// <summary>The dump as text, one key a line, for readable assertion diffs.</summary>
    public static async Task<string> TakeAsync(IKeyValueStore store)
    {
        var revision = await store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        var range = await store.RangeAsync(new RangeRequest("/", Revision: revision), TestContext.Current.CancellationToken);
        Assert.False(range.More, "the store dump expects every key in one range");
        var objects = range.Items.Where(kv => !kv.Key.StartsWith(ServerRecordsPrefix, StringComparison.Ordinal)).ToList();
        var text = new StringBuilder($"{objects.Count} keys\n");
        foreach (var kv in objects)
        {
            text.Append(kv.Key).Append(" create=").Append(kv.CreateRevision).Append(" mod=").Append(kv.ModRevision)
                .Append(" sha256=").Append(Convert.ToHexString(SHA256.HashData(kv.Value))).Append('\n');
        }

        return text.ToString();
    }
}
