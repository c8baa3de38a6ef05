using AtRest.Storage.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>
/// Lease sharing as kube-apiserver's etcd3 lease manager: a lease is granted for the TTL plus a reuse window (5 % of
/// the TTL, at most 60 s), shared while it outlives a new write's TTL by less than that window, and by at most 1,000 writes.
/// </summary>
public sealed class EtcdLeaseManagerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);
    private readonly List<long> _granted = [];
    private readonly Clock _clock = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_within_the_reuse_window_share_one_lease_granted_with_the_window_added()
    {
        var leases = Manager();

        var first = await leases.GetAsync(TimeSpan.FromHours(1), Token);
        _clock.Now = Start.AddSeconds(59);
        var second = await leases.GetAsync(TimeSpan.FromHours(1), Token);

        Assert.Equal(first, second);
        Assert.Equal([3600 + 60], _granted);
    }

    [Fact]
    public async Task A_write_after_the_window_gets_a_new_lease()
    {
        var leases = Manager();
        var first = await leases.GetAsync(TimeSpan.FromHours(1), Token);

        _clock.Now = Start.AddSeconds(61);
        var second = await leases.GetAsync(TimeSpan.FromHours(1), Token);

        Assert.NotEqual(first, second);
        Assert.Equal([3660, 3660], _granted);
    }

    [Fact]
    public async Task A_short_ttl_has_a_window_of_5_percent_and_a_lease_takes_at_most_1000_writes()
    {
        var leases = Manager();

        for (var i = 0; i < 1001; i++)
        {
            // A millisecond apart: kube's check needs the lease to outlive a write at the very instant it was granted.
            _clock.Now = Start.AddMilliseconds(i);
            await leases.GetAsync(TimeSpan.FromSeconds(100), Token);
        }

        Assert.Equal([105, 105], _granted);
    }

    private EtcdLeaseManager Manager() => new((seconds, _) =>
    {
        _granted.Add(seconds);
        return Task.FromResult((long)_granted.Count);
    }, _clock);

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
