namespace AtRest.Cli.Commands.Run;

/// <summary>One <c>--env NAME=SECRET/KEY</c>: a container's <c>env[].valueFrom.secretKeyRef</c> (or <c>configMapKeyRef</c>).</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Source">The object the value comes from.</param>
/// <param name="Key">The key in the object.</param>
/// <param name="Optional">When true a missing object or key leaves the variable unset instead of failing.</param>
/// <param name="Text">The argument as given, for messages.</param>
internal sealed record EnvReference(string Name, SourceReference Source, string Key, bool Optional, string Text);
