namespace AtRest.Storage;

/// <summary>One compare-and-swap update of a batch: write <paramref name="Value"/> only if the key's mod revision is still <paramref name="ExpectedModRevision"/>.</summary>
/// <param name="Key">The storage key.</param>
/// <param name="Value">The bytes to store.</param>
/// <param name="ExpectedModRevision">The mod revision the caller read; must be positive.</param>
public sealed record ConditionalUpdate(string Key, ReadOnlyMemory<byte> Value, long ExpectedModRevision);
