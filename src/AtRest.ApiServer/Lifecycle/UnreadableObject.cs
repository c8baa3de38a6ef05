namespace AtRest.ApiServer.Lifecycle;

/// <summary>A stored object no provider of a configuration can read.</summary>
/// <param name="Key">The storage key.</param>
/// <param name="Resource">Its resource.</param>
/// <param name="Reason">Why: the provider's error (never the value), e.g. <c>no matching prefix found</c>.</param>
public sealed record UnreadableObject(string Key, string Resource, string Reason);
