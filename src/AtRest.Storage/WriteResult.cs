namespace AtRest.Storage;

/// <summary>The outcome of a conditional write.</summary>
/// <param name="Succeeded">Whether the condition held and the write happened.</param>
/// <param name="KeyValue">On success the written (or deleted) entry; on failure the current entry, null if absent.</param>
/// <param name="Revision">The store revision after the operation.</param>
public sealed record WriteResult(bool Succeeded, KeyValue? KeyValue, long Revision);
