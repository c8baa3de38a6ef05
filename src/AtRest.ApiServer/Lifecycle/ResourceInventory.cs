namespace AtRest.ApiServer.Lifecycle;

/// <summary>What the inventory found for one resource (<c>secrets</c>, <c>configmaps</c>…).</summary>
public sealed class ResourceInventory
{
    /// <summary>How many example keys each list keeps; the counts are always complete.</summary>
    public const int ExampleKeys = 10;

    /// <summary>The resource, as the encryption configuration names it.</summary>
    public string Resource { get; init; } = string.Empty;

    /// <summary>The prefix new writes get (<c>k8s:enc:aescbc:v1:key1:</c>, or <c>identity</c>).</summary>
    public string WriteKey { get; init; } = string.Empty;

    /// <summary>Every prefix the configuration reads, in the order tried (the write key first).</summary>
    public IReadOnlyList<string> ReadKeys { get; init; } = [];

    /// <summary>Current objects.</summary>
    public long Objects { get; set; }

    /// <summary>
    /// Current objects per prefix that read them (<c>identity</c> for plain text); KMS v2 values also name the plugin's
    /// key (<c>k8s:enc:kms:v2:name: key_id=…</c>).
    /// </summary>
    public SortedDictionary<string, long> ByKey { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Objects stored as plain text although the configuration writes this resource encrypted.</summary>
    public long PlainText { get; set; }

    /// <summary>Objects not under the write key: the next write re-encrypts them.</summary>
    public long Stale { get; set; }

    /// <summary>Objects no configured provider can read.</summary>
    public long Unreadable { get; set; }

    /// <summary>Superseded values still kept in history (not yet compacted).</summary>
    public long HistoryValues { get; set; }

    /// <summary>Superseded values in history that are plain text although this resource is written encrypted.</summary>
    public long HistoryPlainText { get; set; }

    /// <summary>Superseded values in history under a key other than the write key (or no key the configuration has).</summary>
    public long HistoryOldKey { get; set; }

    /// <summary>The first keys of objects stored as plain text.</summary>
    public List<string> PlainTextKeys { get; init; } = [];

    /// <summary>The first keys of stale objects.</summary>
    public List<string> StaleKeys { get; init; } = [];
}
