namespace AtRest.Storage.Etcd;

/// <summary>
/// Leases for writes with a time to live, shared as kube-apiserver's etcd3 lease manager shares them: a lease is granted
/// for the TTL plus a reuse window (5 % of the TTL, at most 60 s) and then attached to every write asking for the same
/// TTL while it still outlives that TTL by less than the window, up to 1,000 writes. Each expiring key therefore lives
/// between its TTL and its TTL plus the window, and a stream of events costs one LeaseGrant per window, not per write.
/// </summary>
internal sealed class EtcdLeaseManager(Func<long, CancellationToken, Task<long>> grant, TimeProvider time)
{
    private const long MaxReuseSeconds = 60;
    private const double ReusePercent = 0.05;
    private const long MaxAttachedObjects = 1000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private long leaseId;
    private DateTimeOffset leaseExpires;
    private long attached;

    /// <summary>A lease that lives at least <paramref name="ttl"/> (whole seconds, at least 1).</summary>
    public async Task<long> GetAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (long)ttl.TotalSeconds);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var reuse = Math.Min((long)(ReusePercent * seconds), MaxReuseSeconds);
            var valid = now.AddSeconds(seconds) < leaseExpires;
            var sufficient = now.AddSeconds(seconds + reuse) > leaseExpires;
            attached++;
            if (leaseId != 0 && valid && sufficient && attached <= MaxAttachedObjects)
            {
                return leaseId;
            }

            var granted = seconds + reuse;
            leaseId = await grant(granted, cancellationToken).ConfigureAwait(false);
            leaseExpires = now.AddSeconds(granted);
            attached = 1;
            return leaseId;
        }
        finally
        {
            gate.Release();
        }
    }
}
