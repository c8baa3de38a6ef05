using System.Diagnostics;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// Runs an operation from N concurrent callers for a fixed time and reports ops/s and latency percentiles.
/// Each caller records its own latencies (no shared lock on the hot path); they are merged at the end.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan duration, Func<int, long, Task> operation, TimeSpan? warmup = null)
    {
        if (warmup is { } w && w > TimeSpan.Zero)
        {
            await RunCoreAsync(concurrency, w, operation);
        }

        var (ops, errors, elapsed, latencies) = await RunCoreAsync(concurrency, duration, operation);
        latencies.Sort();
        return new LoadResult(name, concurrency, ops, errors, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static async Task<(long Ops, long Errors, TimeSpan Elapsed, List<double> Latencies)> RunCoreAsync(
        int concurrency, TimeSpan duration, Func<int, long, Task> operation)
    {
        var perWorker = new List<double>[concurrency];
        long errors = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = perWorker[worker] = new List<double>(4096);
            for (long n = 0; Stopwatch.GetTimestamp() < stopAt; n++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker, n);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        total.Stop();
        var all = perWorker.SelectMany(l => l).ToList();
        return (all.Count, errors, total.Elapsed, all);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
