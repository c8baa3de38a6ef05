namespace AtRest.Encryption.Configuration;

/// <summary>A value read from storage together with the prefixes that read it.</summary>
/// <param name="Data">The plaintext.</param>
/// <param name="Stale">True when the current write path would store it differently (rewrite it).</param>
/// <param name="Source">The provider and key prefixes that succeeded, e.g. <c>k8s:enc:aescbc:v1:key1:</c>, or <c>identity</c>.</param>
public readonly record struct SourcedRead(ReadOnlyMemory<byte> Data, bool Stale, string Source);
