namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Holds a run to <c>objectsPerSecond</c>: before a batch, waits until the objects already done are due at that rate,
/// counted from the throttle's start on the run's <see cref="TimeProvider"/>. A batch is a tenth of a second's worth, so
/// at no point are more than one batch ahead of the rate.
/// </summary>
public sealed class ReencryptionThrottle
{
    private readonly int _objectsPerSecond;
    private readonly TimeProvider _time;
    private readonly long _start;

    /// <summary>Starts the clock; 0 objects per second means no throttle.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative.</exception>
    public ReencryptionThrottle(int objectsPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objectsPerSecond);
        ArgumentNullException.ThrowIfNull(time);
        _objectsPerSecond = objectsPerSecond;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Most objects to handle between two waits, at most <paramref name="pageSize"/>.</summary>
    public int BatchSize(int pageSize) => _objectsPerSecond == 0 ? pageSize : Math.Clamp(_objectsPerSecond / 10, 1, pageSize);

    /// <summary>Waits until <paramref name="done"/> objects (counted since the start) are due.</summary>
    public async ValueTask WaitAsync(long done, CancellationToken cancellationToken)
    {
        if (_objectsPerSecond == 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds((double)done / _objectsPerSecond);
        var ahead = due - _time.GetElapsedTime(_start);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
