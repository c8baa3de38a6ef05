using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Kms;

/// <summary>
/// The per-value AES-256 keys a KMS v2 provider derived (HKDF-Expand of a seed with a value's 32-byte info), by
/// (seed, info), as upstream caches its derived-key transformers: a LIST that reads an object again skips the HKDF.
/// Only reads add keys (a key that opened a value), so a burst of creates does not flush the objects being read.
/// <para>
/// Bounded by two generations of at most <see cref="GenerationSize"/> entries each: inserts go to the current one;
/// when it is full it becomes the previous one and the old previous one is dropped whole; a hit in the previous
/// generation is copied forward. Lookups and inserts are lock-free (concurrent dictionaries, one interlocked step to
/// swap generations), so concurrent LISTs never wait on each other; racing inserts may overfill a generation by at
/// most one entry per racing thread. An entry is a dictionary node and a 32-byte key, about 150 bytes.
/// </para>
/// <para>
/// Dropped keys are left to the GC (a reader may still be copying one); <see cref="Dispose"/>, which runs once no
/// request uses the configuration, zeroes every remaining key.
/// </para>
/// </summary>
internal sealed class KmsV2DerivedKeyCache : IDisposable
{
    /// <summary>32,768 per generation: a LIST of 10,000 objects (and the writes around it) stays in the cache.</summary>
    public const int DefaultGenerationSize = 32_768;

    private Generation _current = new();
    private Generation _previous = new();
    private volatile bool _disposed;

    public KmsV2DerivedKeyCache(int generationSize = DefaultGenerationSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(generationSize, 1);
        GenerationSize = generationSize;
    }

    public int GenerationSize { get; }

    /// <summary>At most this many keys are held (plus one per thread racing an insert).</summary>
    public int Capacity => 2 * GenerationSize;

    /// <summary>Entries held now (both generations).</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _previous).Count;

    /// <summary>The key derived from seed <paramref name="seedId"/> and <paramref name="info"/>, if cached.</summary>
    public bool TryGet(long seedId, ReadOnlySpan<byte> info, out Aes256Key key)
    {
        var id = new DerivedKeyId(seedId, info);
        var current = Volatile.Read(ref _current);
        if (current.Map.TryGetValue(id, out var entry))
        {
            key = entry.Key;
            return !_disposed;
        }

        if (Volatile.Read(ref _previous).Map.TryGetValue(id, out entry))
        {
            key = entry.Key;
            Insert(id, entry);
            return !_disposed;
        }

        key = default;
        return false;
    }

    /// <summary>Caches the key for (<paramref name="seedId"/>, <paramref name="info"/>); the key is copied.</summary>
    public void Add(long seedId, ReadOnlySpan<byte> info, in Aes256Key key)
    {
        if (_disposed)
        {
            return;
        }

        Insert(new DerivedKeyId(seedId, info), new Entry { Key = key });
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var generation in new[] { Interlocked.Exchange(ref _current, new Generation()), Interlocked.Exchange(ref _previous, new Generation()) })
        {
            foreach (var entry in generation.Map.Values)
            {
                ((Span<byte>)entry.Key).Clear();
            }

            generation.Map.Clear();
        }
    }

    public override string ToString() => $"KmsV2DerivedKeyCache({Count} keys, REDACTED)";

    private void Insert(DerivedKeyId id, Entry entry)
    {
        var current = Volatile.Read(ref _current);
        if (!current.Map.TryAdd(id, entry))
        {
            return;
        }

        if (Interlocked.Increment(ref current.Added) >= GenerationSize
            && Interlocked.CompareExchange(ref _current, new Generation(), current) == current)
        {
            // Only the thread that retired `current` moves it back; the generation it replaces is dropped whole.
            Volatile.Write(ref _previous, current);
        }
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<DerivedKeyId, Entry> Map = new();
        public int Added;

        public int Count => Map.Count;
    }

    private sealed class Entry
    {
        public Aes256Key Key;

        public override string ToString() => "Entry(REDACTED)";
    }

    /// <summary>(seed, info) without allocating: the 32 info bytes as four words.</summary>
    private readonly struct DerivedKeyId : IEquatable<DerivedKeyId>
    {
        private readonly long _seed;
        private readonly ulong _a;
        private readonly ulong _b;
        private readonly ulong _c;
        private readonly ulong _d;

        public DerivedKeyId(long seed, ReadOnlySpan<byte> info)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(info.Length, HkdfExtendedNonceGcm.InfoSize, nameof(info));
            var words = MemoryMarshal.Cast<byte, ulong>(info);
            _seed = seed;
            _a = words[0];
            _b = words[1];
            _c = words[2];
            _d = words[3];
        }

        public bool Equals(DerivedKeyId other) =>
            _seed == other._seed && _a == other._a && _b == other._b && _c == other._c && _d == other._d;

        public override bool Equals(object? obj) => obj is DerivedKeyId other && Equals(other);

        // HashCode is seeded per process, so stored infos cannot be chosen to collide.
        public override int GetHashCode() => HashCode.Combine(_seed, _a, _b, _c, _d);
    }
}
