using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Kms.Stored;

namespace AtRest.Encryption.Kms;

/// <summary>
/// Decrypted seeds and DEKs by what the plugin made of them, so a read makes no RPC after the first one per seed.
/// Lock-free (a concurrent dictionary of tasks): concurrent first reads of one seed share one Decrypt call, and
/// cached reads never wait on each other. Entries live <see cref="KmsRuntimeOptions.DekSourceCacheTtl"/>. The key
/// is the SHA-256 of (spec §3.5):
/// <code>
/// uint32-BE(type) ‖ u16len ‖ encryptedDEKSource ‖ u16len ‖ keyID [‖ uint32-BE(count) ‖ (u16len ‖ key ‖ u16len ‖ value)… sorted by key]
/// </code>
/// </summary>
internal sealed class KmsV2DekSourceCache(string providerName, TimeProvider timeProvider, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<string, Task<Entry>> _entries = new(StringComparer.Ordinal);
    private KmsV2DekSourceIdentity? _recent;

    public int Count => _entries.Count;

    /// <summary>
    /// The identity of <paramref name="obj"/>'s DEK source; the last one computed is remembered (one reference, swapped
    /// without a lock), so a run of values of one seed computes it once.
    /// </summary>
    public KmsV2DekSourceIdentity Identify(in EncryptedObjectView obj)
    {
        var recent = Volatile.Read(ref _recent);
        if (recent is not null && recent.Matches(obj))
        {
            return recent;
        }

        var identity = new KmsV2DekSourceIdentity(obj);
        if (obj.Annotations is null)
        {
            Volatile.Write(ref _recent, identity);
        }

        return identity;
    }

    public static string KeyOf(in EncryptedObjectView obj)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(u32, (uint)obj.Type);
        hash.AppendData(u32);
        AppendPrefixed(hash, obj.EncryptedDekSource.Span);
        AppendPrefixed(hash, obj.KeyIdUtf8.Span);
        if (obj.Annotations is not null)
        {
            var annotations = obj.AnnotationMap();
            BinaryPrimitives.WriteUInt32BigEndian(u32, (uint)annotations.Count);
            hash.AppendData(u32);
            foreach (var (key, value) in annotations)
            {
                AppendPrefixed(hash, Encoding.UTF8.GetBytes(key));
                AppendPrefixed(hash, value.Span);
            }
        }

        return Convert.ToBase64String(hash.GetHashAndReset());
    }

    /// <summary>The cached seed or DEK, or null when absent or expired.</summary>
    public KmsV2DekSource? TryGet(string key)
    {
        if (_entries.TryGetValue(key, out var task) && task.IsCompletedSuccessfully)
        {
            var entry = task.Result;
            if (timeProvider.GetUtcNow() < entry.ExpiresAt)
            {
                return entry.Source;
            }

            Remove(key, task);
        }

        return null;
    }

    /// <summary>The seed or DEK, from the cache or from <paramref name="fetch"/> (one call however many readers wait).</summary>
    public async ValueTask<KmsV2DekSource> GetOrFetchAsync(string key, Func<Task<KmsV2DekSource>> fetch)
    {
        var cached = TryGet(key);
        if (cached is not null)
        {
            return cached;
        }

        var task = _entries.GetOrAdd(key, _ => FetchAsync(fetch));
        try
        {
            return (await task.ConfigureAwait(false)).Source;
        }
        catch
        {
            // A failed Decrypt is not cached: the next read asks the plugin again.
            _entries.TryRemove(new KeyValuePair<string, Task<Entry>>(key, task));
            throw;
        }
    }

    /// <summary>Caches a seed this process made itself (its own write seed).</summary>
    public void Add(string key, KmsV2DekSource source)
    {
        if (_entries.TryAdd(key, Task.FromResult(new Entry(source, timeProvider.GetUtcNow() + ttl))))
        {
            KmsMetrics.DekSourceCacheSize.Add(1, new KeyValuePair<string, object?>("provider_name", providerName));
        }
    }

    /// <summary>Empties the cache and zeroes every seed and DEK in it: only once no read can still use them.</summary>
    public void Clear()
    {
        var removed = _entries.Count;
        foreach (var task in _entries.Values)
        {
            if (task.IsCompletedSuccessfully)
            {
                task.Result.Source.Dispose();
            }
        }

        _entries.Clear();
        KmsMetrics.DekSourceCacheSize.Add(-removed, new KeyValuePair<string, object?>("provider_name", providerName));
    }

    private async Task<Entry> FetchAsync(Func<Task<KmsV2DekSource>> fetch)
    {
        KmsMetrics.CacheMisses.Add(1);
        var source = await fetch().ConfigureAwait(false);
        KmsMetrics.DekSourceCacheSize.Add(1, new KeyValuePair<string, object?>("provider_name", providerName));
        return new Entry(source, timeProvider.GetUtcNow() + ttl);
    }

    private void Remove(string key, Task<Entry> task)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Task<Entry>>(key, task)))
        {
            KmsMetrics.DekSourceCacheSize.Add(-1, new KeyValuePair<string, object?>("provider_name", providerName));
        }
    }

    private static void AppendPrefixed(IncrementalHash hash, ReadOnlySpan<byte> data)
    {
        Span<byte> u16 = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(u16, (ushort)data.Length);
        hash.AppendData(u16);
        hash.AppendData(data);
    }

    private sealed record Entry(KmsV2DekSource Source, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"Entry(expires {ExpiresAt:O}, REDACTED)";
    }
}
