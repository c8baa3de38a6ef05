namespace AtRest.Encryption;

/// <summary>The plaintext read back from storage, and whether the stored form is out of date.</summary>
/// <param name="Data">The decoded value.</param>
/// <param name="Stale">True when the current write path would not produce the stored bytes (non-first provider or key).</param>
public readonly record struct TransformFromStorageResult(ReadOnlyMemory<byte> Data, bool Stale);
