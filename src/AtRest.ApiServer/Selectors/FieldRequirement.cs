namespace AtRest.ApiServer.Selectors;

/// <summary>One <c>field=value</c> or <c>field!=value</c> term of a field selector.</summary>
/// <param name="Field">The field path, e.g. <c>metadata.name</c>.</param>
/// <param name="Value">The value compared with.</param>
/// <param name="Equal">True for <c>=</c>/<c>==</c>, false for <c>!=</c>.</param>
internal sealed record FieldRequirement(string Field, string Value, bool Equal);
