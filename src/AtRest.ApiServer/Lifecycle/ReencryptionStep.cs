namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The first step for one object of a batch: either its outcome is already known (skipped, failed, not an object), or
/// <see cref="Value"/> holds the bytes to write with compare-and-swap on <see cref="Expected"/>.
/// </summary>
internal readonly record struct ReencryptionStep(bool Decided, ReencryptionOutcome? Outcome, byte[]? Value, long Expected)
{
    public static ReencryptionStep Done(ReencryptionOutcome? outcome) => new(true, outcome, null, 0);

    public static ReencryptionStep Write(byte[] value, long expected) => new(false, null, value, expected);
}
