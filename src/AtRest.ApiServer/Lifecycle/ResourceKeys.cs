namespace AtRest.ApiServer.Lifecycle;

/// <summary>The keys a configuration rule reads for a resource, the write key first.</summary>
/// <param name="Resource">The resource as the configuration names it (<c>secrets</c>, <c>*.*</c>…).</param>
/// <param name="Keys">Its keys in the order they are tried.</param>
public sealed record ResourceKeys(string Resource, IReadOnlyList<KeyDescription> Keys);
