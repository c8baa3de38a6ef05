using System.Security.Cryptography;
using System.Text.Json;
using AtRest.ApiServer.Observability;
using AtRest.Storage;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Keeps this server's <see cref="ServerRecord"/> under <c>&lt;prefix&gt;/atrest.io/servers/&lt;id&gt;</c> fresh: written at
/// start and every <see cref="Interval"/>, valid for <see cref="TimeToLive"/>, removed at a clean stop. The store has no
/// leases on SQLite, so expiry is the time written in the record, the same on both backends.
/// </summary>
public sealed class ServerHeartbeat(IKeyValueStore store, StorageKeys keys, Func<string> configHash, string hostName, TimeProvider time, ILogger logger)
{
    /// <summary>How often the record is refreshed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>How long a record counts without a refresh: three missed heartbeats.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>The stage a server reports when no rotation is under way (k3s's name).</summary>
    public const string StartStage = RotationStage.Start;

    /// <summary>This server's id: its kube-apiserver identity and a per-process suffix.</summary>
    public string Id { get; } = $"{ApiServerIdentity.IdFor(hostName)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>The record's storage key.</summary>
    public string Key => ServerRecords.Prefix(keys) + Id;

    /// <summary>Writes the record now and then every <see cref="Interval"/> until cancelled; then removes it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await PublishAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.DeleteAsync(Key, 0, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The record expires on its own; a stop does not wait for a store that is away.
            logger.LogWarning("could not remove the server record {Key}: {Message}", Key, e.Message);
        }
    }

    /// <summary>Writes the record once.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stage = (await RotationStore.ReadAsync(store, keys, cancellationToken).ConfigureAwait(false)).Record.Stage;
            var now = time.GetUtcNow();
            var record = new ServerRecord(Id, hostName, Environment.ProcessId, configHash(), stage, now, now + TimeToLive);
            var value = JsonSerializer.SerializeToUtf8Bytes(record, LifecycleJson.Options);
            var existing = await store.GetAsync(Key, cancellationToken).ConfigureAwait(false);
            _ = existing is null
                ? await store.CreateAsync(Key, value, cancellationToken).ConfigureAwait(false)
                : await store.UpdateAsync(Key, value, existing.ModRevision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A store that is away makes the record expire, which is what status should then show.
            logger.LogWarning("could not refresh the server record {Key}: {Message}", Key, e.Message);
        }
    }
}
