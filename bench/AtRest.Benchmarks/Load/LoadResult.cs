namespace AtRest.Benchmarks.Load;

/// <summary>Throughput and latency of one load run.</summary>
internal sealed record LoadResult(string Name, int Concurrency, long Operations, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

    public string ToRow() => $"| {Name} | {Concurrency} | {OpsPerSecond:N0} | {P50Ms:F2} | {P99Ms:F2} | {Errors} |";
}
