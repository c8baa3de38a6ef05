using System.Collections.Concurrent;

namespace AtRest.Encryption.Kms;

/// <summary>
/// KMS v1's DEK cache (spec §3.4): up to <c>cachesize</c> DEKs by the standard base64 of their encrypted form; the least
/// recently used goes when full. Lock-free lookups; eviction scans only on the (rare) insert over capacity.
/// </summary>
internal sealed class KmsV1DekCache(int capacity, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Enabled => capacity > 0;

    public byte[]? TryGet(string key)
    {
        if (!Enabled || !_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        entry.LastUse = timeProvider.GetTimestamp();
        return entry.Dek;
    }

    public void Add(string key, byte[] dek)
    {
        if (!Enabled)
        {
            return;
        }

        _entries[key] = new Entry(dek) { LastUse = timeProvider.GetTimestamp() };
        while (_entries.Count > capacity)
        {
            var oldest = _entries.MinBy(e => e.Value.LastUse);
            _entries.TryRemove(oldest);
        }
    }

    public void Clear() => _entries.Clear();

    private sealed class Entry(byte[] dek)
    {
        public byte[] Dek { get; } = dek;

        public long LastUse { get; set; }

        public override string ToString() => "Entry(REDACTED)";
    }
}
