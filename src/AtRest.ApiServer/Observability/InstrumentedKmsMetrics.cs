using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AtRest.Encryption.Kms;
using Prometheus;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// Listens to the KMS instruments of <see cref="KmsMetrics"/> and keeps kube-apiserver's envelope-encryption metrics
/// (spec §6.3) in the server's registry, adding <c>apiserver_id_hash</c> where upstream has it.
/// </summary>
internal sealed class InstrumentedKmsMetrics : IDisposable
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0001, 2, 20);
    private static readonly double[] GenerationBuckets = Histogram.ExponentialBuckets(0.000005, 2, 14);

    private readonly MeterListener _listener = new();
    private readonly string _apiServerIdHash;
    private readonly Histogram _latency;
    private readonly Counter _cacheMisses;
    private readonly Counter _keyIdHash;
    private readonly Gauge _keyIdHashLast;
    private readonly Gauge _keyIdHashStatusLast;
    private readonly Counter _invalidKeyId;
    private readonly Gauge _cacheSize;
    private readonly Histogram _generation;
    private readonly Counter _generationFailures;

    // Every KMS read and write counts its key id: resolving the two labelled series once per (type, provider, key id
    // hash) spares each call a label array and two registry look-ups. Bounded as the registry's own series are.
    private readonly ConcurrentDictionary<(string Type, string Provider, string KeyIdHash), (Counter.Child Total, Gauge.Child Last)> _keyIdSeries = new();

    public InstrumentedKmsMetrics(ApiServerMetrics metrics)
    {
        _apiServerIdHash = metrics.ApiServerIdHash;
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        _latency = factory.CreateHistogram("apiserver_envelope_encryption_kms_operations_latency_seconds",
            "[ALPHA] KMS operation duration with gRPC error code status total.",
            new HistogramConfiguration { LabelNames = ["provider_name", "method_name", "grpc_status_code"], Buckets = LatencyBuckets });
        _cacheMisses = factory.CreateCounter("apiserver_storage_envelope_transformation_cache_misses_total",
            "[ALPHA] Total number of cache misses while accessing key decryption key(KEK).");
        _keyIdHash = factory.CreateCounter("apiserver_envelope_encryption_key_id_hash_total",
            "[ALPHA] Number of times a keyID is used split by transformation type, provider, and apiserver identity.",
            new CounterConfiguration { LabelNames = ["transformation_type", "provider_name", "key_id_hash", "apiserver_id_hash"] });
        _keyIdHashLast = factory.CreateGauge("apiserver_envelope_encryption_key_id_hash_last_timestamp_seconds",
            "[ALPHA] The last time in seconds when a keyID was used.",
            new GaugeConfiguration { LabelNames = ["transformation_type", "provider_name", "key_id_hash", "apiserver_id_hash"] });
        _keyIdHashStatusLast = factory.CreateGauge("apiserver_envelope_encryption_key_id_hash_status_last_timestamp_seconds",
            "[ALPHA] The last time in seconds when a keyID was returned by the Status RPC call.",
            new GaugeConfiguration { LabelNames = ["provider_name", "key_id_hash", "apiserver_id_hash"] });
        _invalidKeyId = factory.CreateCounter("apiserver_envelope_encryption_invalid_key_id_from_status_total",
            "[ALPHA] Number of times an invalid keyID is returned by the Status RPC call split by error.",
            new CounterConfiguration { LabelNames = ["provider_name", "error"] });
        _cacheSize = factory.CreateGauge("apiserver_envelope_encryption_dek_source_cache_size",
            "[ALPHA] Number of records in data encryption key (DEK) source cache.",
            new GaugeConfiguration { LabelNames = ["provider_name"] });
        _generation = factory.CreateHistogram("apiserver_storage_data_key_generation_duration_seconds",
            "[ALPHA] Latencies in seconds of data encryption key(DEK) generation operations.",
            new HistogramConfiguration { Buckets = GenerationBuckets });
        _generationFailures = factory.CreateCounter("apiserver_storage_data_key_generation_failures_total",
            "[ALPHA] Total number of failed data encryption key(DEK) generation operations.");

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KmsMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument == KmsMetrics.OperationLatency)
        {
            _latency.WithLabels(Tag(tags, "provider_name"), Tag(tags, "method_name"), Tag(tags, "grpc_status_code")).Observe(value);
        }
        else if (instrument == KmsMetrics.DataKeyGeneration)
        {
            _generation.Observe(value);
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument == KmsMetrics.CacheMisses)
        {
            _cacheMisses.Inc(value);
        }
        else if (instrument == KmsMetrics.KeyIdHash)
        {
            var series = _keyIdSeries.GetOrAdd((Tag(tags, "transformation_type"), Tag(tags, "provider_name"), Tag(tags, "key_id_hash")), key =>
            {
                string[] labels = [key.Type, key.Provider, key.KeyIdHash, _apiServerIdHash];
                return (_keyIdHash.WithLabels(labels), _keyIdHashLast.WithLabels(labels));
            });
            series.Total.Inc(value);
            series.Last.Set(UnixSeconds());
        }
        else if (instrument == KmsMetrics.KeyIdHashStatus)
        {
            _keyIdHashStatusLast.WithLabels(Tag(tags, "provider_name"), Tag(tags, "key_id_hash"), _apiServerIdHash).Set(UnixSeconds());
        }
        else if (instrument == KmsMetrics.InvalidKeyIdFromStatus)
        {
            _invalidKeyId.WithLabels(Tag(tags, "provider_name"), Tag(tags, "error")).Inc(value);
        }
        else if (instrument == KmsMetrics.DekSourceCacheSize)
        {
            _cacheSize.WithLabels(Tag(tags, "provider_name")).Inc(value);
        }
        else if (instrument == KmsMetrics.DataKeyGenerationFailures)
        {
            _generationFailures.Inc(value);
        }
    }

    private static double UnixSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? string.Empty;
            }
        }

        return string.Empty;
    }
}
