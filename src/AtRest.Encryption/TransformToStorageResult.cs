namespace AtRest.Encryption;

/// <summary>The stored bytes of a write and the prefixes that wrote them, for the transformation metrics.</summary>
/// <param name="Data">The bytes to store.</param>
/// <param name="Provider">The provider prefix (<c>k8s:enc:aescbc:v1:</c>); empty for identity, as kube-apiserver labels it.</param>
/// <param name="Key">The key prefix inside the provider (<c>key1:</c>); null for identity and KMS.</param>
public readonly record struct TransformToStorageResult(byte[] Data, string Provider, string? Key);
