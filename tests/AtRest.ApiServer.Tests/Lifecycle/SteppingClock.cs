namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>
/// A clock that stands still until someone waits on it, then jumps by the wait: a throttle runs at once, and the time it
/// asked for is the clock's time, so a test counts objects against it without measuring anything.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private readonly Lock _lock = new();
    private long _ticks;

    public TimeSpan Elapsed
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromTicks(_ticks);
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + Elapsed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                _ticks += dueTime.Ticks;
            }

            // Fired from the pool, never inside CreateTimer, as a real timer would.
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
