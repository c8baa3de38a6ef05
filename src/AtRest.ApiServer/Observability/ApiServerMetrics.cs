using Prometheus;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// The server's Prometheus metrics under kube-apiserver's names, in a registry of their own so that several servers can
/// run in one process (tests).
/// </summary>
public sealed class ApiServerMetrics
{
    private readonly Counter _transformations;
    private readonly Histogram _transformationDuration;
    private readonly Counter _reloads;
    private readonly Gauge _reloadLastTimestamp;
    private readonly Gauge _lastConfigInfo;
    private readonly Counter _requests;
    private readonly Histogram _requestDuration;
    private readonly Lock _configLock = new();
    private string? _configHash;

    /// <summary>Creates the metrics; <paramref name="apiServerIdHash"/> labels the encryption-config metrics.</summary>
    public ApiServerMetrics(string apiServerIdHash)
    {
        ApiServerIdHash = apiServerIdHash;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _transformations = factory.CreateCounter("apiserver_storage_transformation_operations_total",
            "[ALPHA] Total number of transformations. Successful transformation will have a status 'OK' and a varied status string when the transformation fails.",
            new CounterConfiguration { LabelNames = ["resource", "transformation_type", "transformer_prefix", "status"] });
        _transformationDuration = factory.CreateHistogram("apiserver_storage_transformation_duration_seconds",
            "[ALPHA] Latencies in seconds of value transformation operations.",
            new HistogramConfiguration
            {
                LabelNames = ["transformation_type", "transformer_prefix"],
                Buckets = Histogram.ExponentialBuckets(5e-6, 2, 25),
            });
        _reloads = factory.CreateCounter("apiserver_encryption_config_controller_automatic_reloads_total",
            "[ALPHA] Total number of reload successes and failures of encryption configuration split by apiserver identity.",
            new CounterConfiguration { LabelNames = ["status", "apiserver_id_hash"] });
        _reloadLastTimestamp = factory.CreateGauge("apiserver_encryption_config_controller_automatic_reload_last_timestamp_seconds",
            "[ALPHA] Timestamp of the last successful or failed automatic reload of encryption configuration split by apiserver identity.",
            new GaugeConfiguration { LabelNames = ["status", "apiserver_id_hash"] });
        _lastConfigInfo = factory.CreateGauge("apiserver_encryption_config_controller_last_config_info",
            "[ALPHA] Information about the last applied encryption configuration with hash as label, split by apiserver identity.",
            new GaugeConfiguration { LabelNames = ["apiserver_id_hash", "hash"] });
        _requests = factory.CreateCounter("apiserver_request_total",
            "[STABLE] Counter of apiserver requests broken out for each verb, API resource and HTTP response code.",
            new CounterConfiguration { LabelNames = ["verb", "resource", "code"] });
        _requestDuration = factory.CreateHistogram("apiserver_request_duration_seconds",
            "[STABLE] Response latency distribution in seconds for each verb and resource.",
            new HistogramConfiguration
            {
                LabelNames = ["verb", "resource"],
                Buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
            });
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The <c>apiserver_id_hash</c> label value.</summary>
    public string ApiServerIdHash { get; }

    /// <summary>Counts one transformation at one prefix level, and its duration when it succeeded.</summary>
    public void RecordTransformation(string resource, string type, string prefix, string status, double seconds)
    {
        _transformations.WithLabels(resource, type, prefix, status).Inc();
        if (status == TransformationStatus.Ok)
        {
            _transformationDuration.WithLabels(type, prefix).Observe(seconds);
        }
    }

    /// <summary>Counts an automatic reload attempt.</summary>
    public void RecordReload(bool success)
    {
        var status = success ? "success" : "failure";
        _reloads.WithLabels(status, ApiServerIdHash).Inc();
        _reloadLastTimestamp.WithLabels(status, ApiServerIdHash).SetToCurrentTimeUtc();
    }

    /// <summary>Sets <c>apiserver_encryption_config_controller_last_config_info{hash}</c> to the applied configuration.</summary>
    public void SetConfigHash(string hash)
    {
        lock (_configLock)
        {
            if (_configHash == hash)
            {
                return;
            }

            if (_configHash is not null)
            {
                _lastConfigInfo.RemoveLabelled(ApiServerIdHash, _configHash);
            }

            _lastConfigInfo.WithLabels(ApiServerIdHash, hash).Set(1);
            _configHash = hash;
        }
    }

    /// <summary>Counts a finished request; watches (long-running) are counted but not timed.</summary>
    public void RecordRequest(string verb, string resource, int code, double seconds)
    {
        _requests.WithLabels(verb, resource, code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (verb != "WATCH")
        {
            _requestDuration.WithLabels(verb, resource).Observe(seconds);
        }
    }
}
