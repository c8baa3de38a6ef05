using System.Text.Json;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The run record under <c>&lt;prefix&gt;/atrest.io/reencryption</c>, read and written with compare-and-swap so that only
/// one owner writes it: whoever claims it with the mod revision it read owns the run until someone else does.
/// </summary>
public sealed class ReencryptionCheckpoint(IKeyValueStore store, StorageKeys keys)
{
    /// <summary>The record's storage key.</summary>
    public string Key { get; } = $"{(keys ?? throw new ArgumentNullException(nameof(keys))).Prefix}/{LifecycleKeys.Group}/reencryption";

    /// <summary>The record and its mod revision; (null, 0) when there is none, (null, revision) when it does not parse.</summary>
    public async Task<(ReencryptionRun? Run, long ModRevision)> ReadAsync(CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return (null, 0);
        }

        try
        {
            return (JsonSerializer.Deserialize<ReencryptionRun>(entry.Value, LifecycleJson.Options), entry.ModRevision);
        }
        catch (JsonException)
        {
            // Not written by this version: a new run replaces it.
            return (null, entry.ModRevision);
        }
    }

    /// <summary>Writes <paramref name="run"/> if the record is still at <paramref name="expectedModRevision"/> (0: absent).</summary>
    /// <returns>The record's new mod revision, or null when someone else wrote it first.</returns>
    public async Task<long?> TryWriteAsync(ReencryptionRun run, long expectedModRevision, CancellationToken cancellationToken)
    {
        var value = JsonSerializer.SerializeToUtf8Bytes(run, LifecycleJson.Options);
        var result = expectedModRevision == 0
            ? await store.CreateAsync(Key, value, cancellationToken).ConfigureAwait(false)
            : await store.UpdateAsync(Key, value, expectedModRevision, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.KeyValue!.ModRevision : null;
    }
}
