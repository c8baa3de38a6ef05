namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>The system clock moved by a fixed offset, so that a record can be read as if later.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
