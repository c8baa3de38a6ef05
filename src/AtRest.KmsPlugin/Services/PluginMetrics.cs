using Prometheus;

namespace AtRest.KmsPlugin.Services;

/// <summary>The plugin's metrics, in its own registry, served on its health address.</summary>
internal sealed class PluginMetrics
{
    public PluginMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Operations = factory.CreateCounter("atrest_kms_plugin_operations_total", "KMS plugin RPCs by method and gRPC code.",
            new CounterConfiguration { LabelNames = ["method_name", "grpc_status_code"] });
        Duration = factory.CreateHistogram("atrest_kms_plugin_operation_duration_seconds", "KMS plugin RPC latency by method.",
            new HistogramConfiguration { LabelNames = ["method_name"], Buckets = Histogram.ExponentialBuckets(0.00005, 2, 20) });
        Healthy = factory.CreateGauge("atrest_kms_plugin_healthy", "1 when the key backend has a usable current key.");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public Counter Operations { get; }

    public Histogram Duration { get; }

    public Gauge Healthy { get; }
}
