using System.Text;
using System.Text.Json;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>Reads the <see cref="ServerRecord"/>s every server keeps in the store.</summary>
public static class ServerRecords
{
    /// <summary>The prefix of the records, ending with '/'.</summary>
    public static string Prefix(StorageKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return $"{keys.Prefix}/{LifecycleKeys.Group}/servers/";
    }

    /// <summary>Every record, expired or not, in id order; a record that does not parse is skipped.</summary>
    public static async Task<IReadOnlyList<ServerRecord>> ReadAsync(IKeyValueStore store, StorageKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = new List<ServerRecord>();
        var range = await store.RangeAsync(new RangeRequest(Prefix(keys)), cancellationToken).ConfigureAwait(false);
        foreach (var entry in range.Items)
        {
            try
            {
                if (JsonSerializer.Deserialize<ServerRecord>(Encoding.UTF8.GetString(entry.Value), LifecycleJson.Options) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                // Written by something else; status is about servers that speak this format.
            }
        }

        return records;
    }
}
