using System.Globalization;

namespace AtRest.Kubernetes.Model;

/// <summary>
/// A <c>metav1.Time</c>: seconds and nanoseconds since the Unix epoch, kept exactly as stored so that protobuf
/// round-trips byte for byte (JSON shows whole seconds only, as upstream). "Unset" (Go's zero time) is modelled
/// as a null <see cref="KubernetesTime"/>? on the owning property.
/// </summary>
/// <param name="Seconds">Seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="Nanos">Nanoseconds within the second.</param>
public readonly record struct KubernetesTime(long Seconds, int Nanos)
{
    /// <summary>The current time, with nanoseconds (100 ns resolution), as <c>metav1.Now()</c>.</summary>
    public static KubernetesTime Now() => FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <summary>Converts from a <see cref="DateTimeOffset"/>.</summary>
    public static KubernetesTime FromDateTimeOffset(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new KubernetesTime(seconds, (int)(rest * 100));
    }

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years JSON can carry (Go refuses others too).
    private const long MinSeconds = -62135596800;
    private const long MaxSeconds = 253402300799;
    private const int NanosPerSecond = 1_000_000_000;

    /// <summary>
    /// True when the time lies in years 1 to 9999, so it has an RFC 3339 form and a <see cref="DateTimeOffset"/>.
    /// Nanos outside 0..999,999,999 (protobuf carries any int32) count whole seconds, as Go's <c>time.Unix</c> reads them.
    /// </summary>
    public bool IsRepresentable => Seconds is >= MinSeconds - 3 and <= MaxSeconds + 3 && CarriedSeconds is >= MinSeconds and <= MaxSeconds;

    // Seconds plus the whole seconds in Nanos, rounding towards negative infinity (only called within the range check).
    private long CarriedSeconds => Seconds + (long)Math.Floor(Nanos / (double)NanosPerSecond);

    /// <summary>Converts to a UTC <see cref="DateTimeOffset"/> (nanoseconds below 100 ns are dropped).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not <see cref="IsRepresentable"/>.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (!IsRepresentable)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), "the time is outside years 1 to 9999");
        }

        var seconds = CarriedSeconds;
        var nanos = Nanos - ((seconds - Seconds) * NanosPerSecond);
        return DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
    }

    /// <summary>
    /// The RFC 3339 form used in JSON and YAML: UTC, whole seconds, e.g. <c>2008-01-01T01:01:01Z</c>; a time outside
    /// years 1 to 9999 prints as raw seconds and nanoseconds instead.
    /// </summary>
    public override string ToString() => IsRepresentable
        ? ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : $"{Seconds}s+{Nanos}ns since 1970-01-01T00:00:00Z";
}
