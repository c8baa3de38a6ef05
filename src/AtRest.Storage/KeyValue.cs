namespace AtRest.Storage;

/// <summary>One key's value at a revision, with etcd's revision fields.</summary>
/// <param name="Key">The storage key.</param>
/// <param name="Value">The stored bytes (encrypted, as kept at rest).</param>
/// <param name="CreateRevision">The revision that created this incarnation of the key.</param>
/// <param name="ModRevision">The revision of the last write to the key; Kubernetes' resourceVersion.</param>
/// <param name="Version">etcd's version of the key: writes since this incarnation was created (1 for a new key); 0 when not known.</param>
public sealed record KeyValue(string Key, byte[] Value, long CreateRevision, long ModRevision, long Version = 0);
