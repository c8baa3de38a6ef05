namespace AtRest.Storage;

/// <summary>A page of a range.</summary>
/// <param name="Items">Entries in key order.</param>
/// <param name="More">Whether entries past the last one remain.</param>
/// <param name="Revision">The revision the range was read at; pass it back to read the next page consistently.</param>
public sealed record RangeResult(IReadOnlyList<KeyValue> Items, bool More, long Revision);
