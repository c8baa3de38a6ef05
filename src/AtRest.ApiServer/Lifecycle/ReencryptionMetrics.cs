using Prometheus;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>Re-encryption progress in <c>/metrics</c>, registered in the server's registry.</summary>
public sealed class ReencryptionMetrics
{
    private readonly Counter _objects;
    private readonly Gauge _running;

    /// <summary>Registers the metrics in <paramref name="registry"/>.</summary>
    public ReencryptionMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _objects = factory.CreateCounter("atrest_reencryption_objects_total",
            "Objects visited by re-encryption runs on this server, by result: rewritten, skipped, conflict, failed.",
            new CounterConfiguration { LabelNames = ["result"] });
        _running = factory.CreateGauge("atrest_reencryption_running", "1 while this server runs a re-encryption, else 0.");
        foreach (var outcome in Enum.GetValues<ReencryptionOutcome>())
        {
            _objects.WithLabels(Label(outcome));
        }
    }

    /// <summary>Counts one object.</summary>
    public void Record(ReencryptionOutcome outcome) => _objects.WithLabels(Label(outcome)).Inc();

    /// <summary>Sets the running gauge.</summary>
    public void SetRunning(bool running) => _running.Set(running ? 1 : 0);

    private static string Label(ReencryptionOutcome outcome) => outcome switch
    {
        ReencryptionOutcome.Rewritten => "rewritten",
        ReencryptionOutcome.Skipped => "skipped",
        ReencryptionOutcome.Conflict => "conflict",
        _ => "failed",
    };
}
