using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Storage;

/// <summary>An object as read from the store, with what GuaranteedUpdate needs to decide whether to write.</summary>
/// <param name="Object">The decoded object; <c>metadata.resourceVersion</c> is the key's mod revision.</param>
/// <param name="Plaintext">The decrypted stored bytes (Kubernetes protobuf).</param>
/// <param name="ModRevision">The key's mod revision, for compare-and-swap.</param>
/// <param name="Stale">Whether the transformer says the stored form is out of date (rewrite even if unchanged).</param>
internal sealed record StoredObject(KubernetesResource Object, byte[] Plaintext, long ModRevision, bool Stale);
