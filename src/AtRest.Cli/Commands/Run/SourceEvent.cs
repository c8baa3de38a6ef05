namespace AtRest.Cli.Commands.Run;

/// <summary>One watch event for a watched object.</summary>
/// <param name="Object">The object after the change; null when it was deleted or the event is a bookmark.</param>
/// <param name="Deleted">Whether the object was deleted.</param>
/// <param name="ResourceVersion">The event's resourceVersion, where the next watch continues from.</param>
internal sealed record SourceEvent(SourceObject? Object, bool Deleted, string ResourceVersion);
