namespace AtRest.Encryption;

/// <summary>The plaintext read back from storage, and whether the stored form is out of date.</summary>
/// <param name="Data">The decoded value.</param>
/// <param name="Stale">True when the current write path would not produce the stored bytes (non-first provider or key).</param>
public readonly record struct TransformFromStorageResult(ReadOnlyMemory<byte> Data, bool Stale)
{
    /// <summary>The <see cref="Provider"/> of a value read as plain text.</summary>
    public const string IdentityPrefix = "identity";

    /// <summary>
    /// The provider prefix that read the value, as kube-apiserver labels it: <c>k8s:enc:aescbc:v1:</c>,
    /// <c>k8s:enc:kms:v2:name:</c>, or <c>identity</c>.
    /// </summary>
    public string Provider { get; init; } = IdentityPrefix;

    /// <summary>The key prefix inside the provider (<c>key1:</c>); null for identity and KMS.</summary>
    public string? Key { get; init; }
}
