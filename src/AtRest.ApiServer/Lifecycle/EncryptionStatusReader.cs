using System.Net;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>Builds <see cref="EncryptionStatus"/> from a configuration, the server records and an inventory scan.</summary>
public sealed class EncryptionStatusReader(IKeyValueStore store, StorageKeys keys, TimeProvider time)
{
    /// <summary>Reads the status as of now.</summary>
    public async Task<EncryptionStatus> ReadAsync(LoadedEncryptionConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var resources = configuration.ConfiguredResources
            .Select(resource => new ResourceKeys(resource.ToString(),
                [.. configuration.Describe(resource).Select((prefix, index) => KeyDescription.FromPrefix(prefix, index == 0))]))
            .ToList();
        var now = time.GetUtcNow();
        var servers = (await ServerRecords.ReadAsync(store, keys, cancellationToken).ConfigureAwait(false))
            .Select(record => new ServerStatus(record, record.LiveAt(now), record.ConfigHash == configuration.ContentHash))
            .ToList();
        var rotation = await RotationStore.ReadAsync(store, keys, cancellationToken).ConfigureAwait(false);
        var inventory = await new InventoryScanner(store, keys).ScanAsync(configuration, includeHistory: false, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new EncryptionStatus
        {
            Stage = rotation.Record.Stage,
            Rotation = rotation.Record,
            ConfigPath = configuration.Path,
            HostName = Dns.GetHostName(),
            Enabled = resources.Any(r => r.Keys.Count > 0 && r.Keys[0].Type != "identity"),
            ConfigHash = configuration.ContentHash,
            Resources = resources,
            Servers = servers,
            Inventory = InventorySummary.Of(inventory),
            Reencryption = (await new ReencryptionCheckpoint(store, keys).ReadAsync(cancellationToken).ConfigureAwait(false)).Run,
        };
    }
}
