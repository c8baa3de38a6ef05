namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Which provider and key holds every stored object, under one encryption configuration, at one revision of the store.
/// </summary>
public sealed class InventoryReport
{
    /// <summary>How many unreadable objects are listed one by one; <see cref="UnreadableCount"/> counts them all.</summary>
    public const int MaxListedUnreadable = 1000;

    /// <summary>The store revision the scan read (one consistent snapshot).</summary>
    public long Revision { get; init; }

    /// <summary>The content hash of the configuration the objects were read with.</summary>
    public string ConfigHash { get; init; } = string.Empty;

    /// <summary>Per resource, in name order.</summary>
    public IReadOnlyList<ResourceInventory> Resources { get; init; } = [];

    /// <summary>The first <see cref="MaxListedUnreadable"/> unreadable objects, with the reason.</summary>
    public IReadOnlyList<UnreadableObject> Unreadable { get; init; } = [];

    /// <summary>Keys under the prefix that are not objects of a known resource (not read; counted only).</summary>
    public long UnrecognizedKeys { get; init; }

    /// <summary>Whether old revisions were scanned as well.</summary>
    public bool HistoryScanned { get; init; }

    /// <summary>All current objects.</summary>
    public long Objects => Resources.Sum(r => r.Objects);

    /// <summary>Objects in plain text that the configuration says to encrypt.</summary>
    public long PlainText => Resources.Sum(r => r.PlainText);

    /// <summary>Objects not under their resource's write key.</summary>
    public long Stale => Resources.Sum(r => r.Stale);

    /// <summary>Objects no provider can read.</summary>
    public long UnreadableCount => Resources.Sum(r => r.Unreadable);

    /// <summary>Superseded values in history holding plain text or an old key's ciphertext.</summary>
    public long HistoryExposed => Resources.Sum(r => r.HistoryPlainText + r.HistoryOldKey);

    /// <summary>Something should be encrypted but is not, or cannot be read: the command exits non-zero.</summary>
    public bool NeedsAttention => PlainText > 0 || UnreadableCount > 0;
}
