namespace AtRest.Storage;

/// <summary>The parts of a storage key such as <c>/registry/secrets/default/db-password</c>.</summary>
/// <param name="Resource">The plural resource name, e.g. <c>secrets</c>.</param>
/// <param name="Namespace">The namespace, or null for a cluster-scoped resource.</param>
/// <param name="Name">The object's name.</param>
public sealed record StorageKey(string Resource, string? Namespace, string Name);
