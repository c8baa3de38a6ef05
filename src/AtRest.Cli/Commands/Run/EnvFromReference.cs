namespace AtRest.Cli.Commands.Run;

/// <summary>One <c>--env-from</c>: a container's <c>envFrom[]</c> entry, every key of the object as a variable.</summary>
/// <param name="Source">The object.</param>
/// <param name="Prefix">Prepended to each key.</param>
/// <param name="Optional">When true a missing object adds nothing instead of failing.</param>
/// <param name="Text">The argument as given, for messages.</param>
internal sealed record EnvFromReference(SourceReference Source, string Prefix, bool Optional, string Text);
