namespace AtRest.Cli.Commands.Run;

/// <summary>What a list of one object by name returned: the object (null when absent) and the list's resourceVersion.</summary>
/// <param name="Object">The object, or null.</param>
/// <param name="ResourceVersion">Where a watch continues from.</param>
internal sealed record SourceListing(SourceObject? Object, string ResourceVersion);
