using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Finds the objects a candidate configuration would lock out: unreadable under it, yet readable under the configuration
/// in use (or, with none in use, stored encrypted — a <c>k8s:enc:</c> value, which only a key can read). Objects that are
/// already unreadable today (corrupt values) do not block a change, nor do KMS values whose provider the candidate has
/// (only the plugin can tell, and one that is not ready yet is no reason to refuse a configuration).
/// </summary>
public sealed class LockoutCheck(IKeyValueStore store, StorageKeys keys)
{
    private static readonly byte[] EncryptedPrefix = "k8s:enc:"u8.ToArray();
    private const string KmsPrefix = "k8s:enc:kms:";

    /// <summary>Scans the store with <paramref name="candidate"/>.</summary>
    public async Task<LockoutReport> RunAsync(
        LoadedEncryptionConfiguration? current, LoadedEncryptionConfiguration candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var locked = new List<UnreadableObject>();
        long count = 0;
        var report = await new InventoryScanner(store, keys).ScanAsync(candidate, includeHistory: false, async (entry, resource, reason) =>
        {
            var readableToday = current is null
                ? entry.Value.AsSpan().StartsWith(EncryptedPrefix)
                : (await InventoryScanner.ReadAsync(current, resource, entry, cancellationToken).ConfigureAwait(false)).Readable;
            if (!readableToday)
            {
                return;
            }

            count++;
            if (locked.Count < LockoutReport.MaxListed)
            {
                locked.Add(new UnreadableObject(entry.Key, resource.ToString(), reason));
            }
        }, (entry, resource) => HasKmsProviderFor(entry.Value, candidate.Describe(resource)), cancellationToken).ConfigureAwait(false);
        return new LockoutReport { CandidateHash = candidate.ContentHash, Revision = report.Revision, Count = count, Objects = locked };
    }

    // Whether a KMS value reads is the plugin's answer, and a plugin that is slow or has not reported its key yet is not a
    // lock-out; so a KMS value counts only when the candidate has no KMS provider of its name.
    private static bool HasKmsProviderFor(byte[] value, IReadOnlyList<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (prefix.StartsWith(KmsPrefix, StringComparison.Ordinal) && value.AsSpan().StartsWith(Encoding.ASCII.GetBytes(prefix)))
            {
                return true;
            }
        }

        return false;
    }
}
