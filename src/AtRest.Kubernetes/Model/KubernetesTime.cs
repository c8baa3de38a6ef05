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

    /// <summary>Converts to a UTC <see cref="DateTimeOffset"/> (nanoseconds below 100 ns are dropped).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddSeconds(Seconds).AddTicks(Nanos / 100);

    /// <summary>The RFC 3339 form used in JSON and YAML: UTC, whole seconds, e.g. <c>2008-01-01T01:01:01Z</c>.</summary>
    public override string ToString() =>
        ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
