using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Reads every object under the store prefix, a page at a time at one revision, and says which provider and key holds
/// each one under a configuration; optionally also the superseded values history still keeps. The one scan behind
/// <c>atrest secrets-encrypt inventory</c> and <c>check-config</c> (offline and in the server) and the reload guard.
/// </summary>
/// <remarks>Only a page of values is in memory at a time; nothing is written.</remarks>
public sealed class InventoryScanner(IKeyValueStore store, StorageKeys keys)
{
    /// <summary>Keys per range request.</summary>
    public const int PageSize = 500;

    // Values decrypted at once: enough for KMS round trips to overlap; local providers are bound by the cores anyway.
    private const int ReadConcurrency = 64;

    // History is replayed through a watch from the oldest revision kept; it always reaches the scan's revision because
    // every revision writes a key under "/", so this bound only guards against a store that never answers.
    private static readonly TimeSpan HistoryTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Called for each current object no provider can read; the scan goes on after it.</summary>
    public delegate ValueTask UnreadableHandler(KeyValue entry, GroupResource resource, string reason);

    /// <summary>The prefix of AtRest's own records (server heartbeats), which are not Kubernetes objects.</summary>
    public string OwnRecordsPrefix => $"{keys.Prefix}/{LifecycleKeys.Group}/";

    /// <summary>Scans the store.</summary>
    /// <param name="configuration">The configuration to read with.</param>
    /// <param name="includeHistory">Also classify superseded values that compaction has not removed yet.</param>
    /// <param name="onUnreadable">Optional: sees every unreadable object (the report lists only the first ones).</param>
    /// <param name="skipRead">Optional: objects it returns true for are neither read nor counted.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public async Task<InventoryReport> ScanAsync(
        LoadedEncryptionConfiguration configuration, bool includeHistory, UnreadableHandler? onUnreadable = null,
        Func<KeyValue, GroupResource, bool>? skipRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var resources = new SortedDictionary<string, ResourceInventory>(StringComparer.Ordinal);
        var unreadable = new List<UnreadableObject>();
        long unrecognized = 0;
        var prefix = keys.Prefix + "/";
        long revision = 0;
        var fetch = store.RangeAsync(new RangeRequest(prefix, null, PageSize, revision), cancellationToken);
        while (fetch is not null)
        {
            var page = await fetch.ConfigureAwait(false);
            revision = page.Revision;
            // The next page is read while this one is decrypted: the store's round trip and the decryption overlap.
            fetch = page.More && page.Items.Count > 0
                ? store.RangeAsync(new RangeRequest(prefix, page.Items[^1].Key + "\0", PageSize, revision), cancellationToken)
                : null;
            PageRead[] reads;
            try
            {
                reads = await ReadPageAsync(configuration, page.Items, skipRead, cancellationToken).ConfigureAwait(false);
            }
            catch when (fetch is not null)
            {
                // The read ahead is abandoned with the scan; observe it so that its own failure is not left unobserved.
                _ = fetch.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }

            for (var i = 0; i < reads.Length; i++)
            {
                var entry = page.Items[i];
                var (resource, kind, read) = reads[i];
                if (kind == PageReadKind.NotAnObject)
                {
                    unrecognized += entry.Key.StartsWith(OwnRecordsPrefix, StringComparison.Ordinal) ? 0 : 1;
                    continue;
                }

                if (kind == PageReadKind.Skipped)
                {
                    continue;
                }

                var inventory = For(resources, configuration, resource);
                inventory.Objects++;
                if (!read.Readable)
                {
                    inventory.Unreadable++;
                    if (unreadable.Count < InventoryReport.MaxListedUnreadable)
                    {
                        unreadable.Add(new UnreadableObject(entry.Key, resource.ToString(), read.Error!));
                    }

                    if (onUnreadable is not null)
                    {
                        await onUnreadable(entry, resource, read.Error!).ConfigureAwait(false);
                    }

                    continue;
                }

                var label = StoredKeyLabel.For(read.Source!, entry.Value);
                inventory.ByKey[label] = inventory.ByKey.GetValueOrDefault(label) + 1;
                if (IsExposedPlainText(inventory, read))
                {
                    inventory.PlainText++;
                    AddExample(inventory.PlainTextKeys, entry.Key);
                }

                if (read.Stale)
                {
                    inventory.Stale++;
                    AddExample(inventory.StaleKeys, entry.Key);
                }
            }

        }

        if (includeHistory)
        {
            await ScanHistoryAsync(configuration, resources, revision, cancellationToken).ConfigureAwait(false);
        }

        return new InventoryReport
        {
            Revision = revision,
            ConfigHash = configuration.ContentHash,
            Resources = [.. resources.Values],
            Unreadable = unreadable,
            UnrecognizedKeys = unrecognized,
            HistoryScanned = includeHistory,
        };
    }

    // Every value of a page decrypted concurrently (both cores; KMS calls overlap), results in page order.
    private async Task<PageRead[]> ReadPageAsync(
        LoadedEncryptionConfiguration configuration, IReadOnlyList<KeyValue> items, Func<KeyValue, GroupResource, bool>? skipRead, CancellationToken cancellationToken)
    {
        var reads = new PageRead[items.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            // The filter runs in key order on this thread, as callers wrote it to.
            reads[i] = !TryResource(items[i].Key, out var resource) ? new PageRead(default, PageReadKind.NotAnObject, default)
                : skipRead?.Invoke(items[i], resource) == true ? new PageRead(resource, PageReadKind.Skipped, default)
                : new PageRead(resource, PageReadKind.Read, default);
        }

        await Parallel.ForAsync(0, reads.Length, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken }, async (i, token) =>
        {
            if (reads[i].Kind == PageReadKind.Read)
            {
                reads[i] = reads[i] with { Read = await ReadAsync(configuration, reads[i].Resource, items[i], token).ConfigureAwait(false) };
            }
        }).ConfigureAwait(false);
        return reads;
    }

    /// <summary>Reads one stored value and says which prefix read it, or why none could.</summary>
    public static async ValueTask<StoredValueRead> ReadAsync(
        LoadedEncryptionConfiguration configuration, GroupResource resource, KeyValue entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var read = await configuration.TransformFromStorageWithSourceAsync(
                resource, entry.Value, System.Text.Encoding.UTF8.GetBytes(entry.Key), cancellationToken).ConfigureAwait(false);
            return new StoredValueRead(read.Source, read.Stale, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Provider errors name the failure (no matching prefix, authentication failed, KMS unavailable), never the value.
            return new StoredValueRead(null, false, e.Message);
        }
    }

    /// <summary>The resource of a storage key, when it is the key of an object of a known resource.</summary>
    public bool TryResource(string key, out GroupResource resource)
    {
        resource = default;
        if (!keys.TryParse(key, out var parsed))
        {
            return false;
        }

        // The key layout carries no API group; the resources it knows are all in the core group.
        resource = new GroupResource(string.Empty, parsed.Resource);
        return true;
    }

    private async Task ScanHistoryAsync(
        LoadedEncryptionConfiguration configuration, SortedDictionary<string, ResourceInventory> resources, long revision,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HistoryTimeout);
        long after = 0;
        while (after < revision)
        {
            try
            {
                // Each event's previous value is a superseded value the store still keeps; current values were read above.
                await foreach (var change in store.WatchAsync("/", after, timeout.Token).ConfigureAwait(false))
                {
                    if (change.Revision > revision)
                    {
                        break;
                    }

                    if (change.PreviousKeyValue is { } previous && TryResource(previous.Key, out var resource))
                    {
                        await AddHistoryAsync(configuration, For(resources, configuration, resource), resource, previous, cancellationToken)
                            .ConfigureAwait(false);
                    }

                    if (change.Revision == revision)
                    {
                        break;
                    }
                }

                return;
            }
            catch (CompactedException compacted) when (compacted.CompactedRevision > after)
            {
                after = compacted.CompactedRevision;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"the store's history did not reach revision {revision} within {HistoryTimeout.TotalMinutes:0} minutes; scan without old revisions (--no-history)");
            }
        }
    }

    private static async Task AddHistoryAsync(
        LoadedEncryptionConfiguration configuration, ResourceInventory inventory, GroupResource resource, KeyValue previous,
        CancellationToken cancellationToken)
    {
        var read = await ReadAsync(configuration, resource, previous, cancellationToken).ConfigureAwait(false);
        inventory.HistoryValues++;
        if (read.Readable && IsExposedPlainText(inventory, read))
        {
            inventory.HistoryPlainText++;
        }
        else if (!read.Readable || read.Stale || read.Source != inventory.WriteKey)
        {
            inventory.HistoryOldKey++;
        }
    }

    private static bool IsExposedPlainText(ResourceInventory inventory, StoredValueRead read) =>
        read.Source == TransformFromStorageResult.IdentityPrefix && inventory.WriteKey != TransformFromStorageResult.IdentityPrefix;

    private static ResourceInventory For(
        SortedDictionary<string, ResourceInventory> resources, LoadedEncryptionConfiguration configuration, GroupResource resource)
    {
        var name = resource.ToString();
        if (!resources.TryGetValue(name, out var inventory))
        {
            var readKeys = configuration.Describe(resource);
            inventory = new ResourceInventory { Resource = name, WriteKey = readKeys[0], ReadKeys = readKeys };
            resources.Add(name, inventory);
        }

        return inventory;
    }

    private static void AddExample(List<string> examples, string key)
    {
        if (examples.Count < ResourceInventory.ExampleKeys)
        {
            examples.Add(key);
        }
    }
}
