namespace AtRest.Cli.Commands.Run;

/// <summary>The state of a Secret or ConfigMap as last read: its keys and values (ConfigMap <c>binaryData</c> included).</summary>
/// <param name="Reference">Which object.</param>
/// <param name="Data">Key to value bytes.</param>
/// <param name="ResourceVersion">The object's resourceVersion.</param>
internal sealed record SourceObject(SourceReference Reference, IReadOnlyDictionary<string, byte[]> Data, string ResourceVersion);
