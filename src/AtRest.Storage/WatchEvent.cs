namespace AtRest.Storage;

/// <summary>A change seen by a watch.</summary>
/// <param name="Type">Put or delete.</param>
/// <param name="KeyValue">For a put the new entry; for a delete the key with an empty value and the delete's revision as <see cref="KeyValue.ModRevision"/>.</param>
/// <param name="PreviousKeyValue">The entry before the change, when there was one (always set for deletes).</param>
public sealed record WatchEvent(WatchEventType Type, KeyValue KeyValue, KeyValue? PreviousKeyValue)
{
    /// <summary>The revision at which the change happened.</summary>
    public long Revision => KeyValue.ModRevision;
}
