namespace AtRest.ApiServer.Tests.Events;

/// <summary>A clock that shows the time a test sets, for token buckets and timestamps (timers still run on real time).</summary>
internal sealed class SetClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
