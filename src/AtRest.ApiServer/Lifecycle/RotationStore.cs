using System.Text.Json;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>Reads and compare-and-swaps the <see cref="RotationRecord"/> under <c>&lt;prefix&gt;/atrest.io/rotation</c>.</summary>
public static class RotationStore
{
    /// <summary>The record's storage key.</summary>
    public static string Key(StorageKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return $"{keys.Prefix}/{LifecycleKeys.Group}/rotation";
    }

    /// <summary>The record and its revision; <see cref="RotationRecord.Initial"/> at revision 0 when none was written.</summary>
    /// <exception cref="InvalidDataException">Something that is not a rotation record sits at the key.</exception>
    public static async Task<RotationDocument> ReadAsync(IKeyValueStore store, StorageKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entry = await store.GetAsync(Key(keys), cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return new RotationDocument(RotationRecord.Initial, 0);
        }

        try
        {
            var record = JsonSerializer.Deserialize<RotationRecord>(entry.Value, LifecycleJson.Options);
            if (record is not null && RotationStage.All.Contains(record.Stage))
            {
                return new RotationDocument(record, entry.ModRevision);
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidDataException($"{Key(keys)} does not hold a rotation record this version understands");
    }

    /// <summary>
    /// Writes <paramref name="record"/> if the stored one is still at <paramref name="expectedRevision"/> (0: none stored).
    /// </summary>
    /// <returns>The new document, or null when someone else changed the record first.</returns>
    public static async Task<RotationDocument?> WriteAsync(
        IKeyValueStore store, StorageKeys keys, RotationRecord record, long expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(record);
        if (!RotationStage.All.Contains(record.Stage))
        {
            throw new ArgumentException($"unknown rotation stage \"{record.Stage}\": one of {string.Join(", ", RotationStage.All)}", nameof(record));
        }

        var value = JsonSerializer.SerializeToUtf8Bytes(record, LifecycleJson.Options);
        var result = expectedRevision == 0
            ? await store.CreateAsync(Key(keys), value, cancellationToken).ConfigureAwait(false)
            : await store.UpdateAsync(Key(keys), value, expectedRevision, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? new RotationDocument(record, result.KeyValue?.ModRevision ?? result.Revision) : null;
    }
}
