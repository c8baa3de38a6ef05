namespace AtRest.Kubernetes.Model;

/// <summary>
/// <c>metav1.ObjectMeta</c>. Strings are never null (empty means unset, as upstream); optional scalars are nullable
/// where upstream uses pointers. Maps and lists are never null; empty means unset (upstream does not distinguish).
/// </summary>
public sealed class ObjectMeta
{
    /// <summary><c>name</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>generateName</c>.</summary>
    public string GenerateName { get; set; } = "";

    /// <summary><c>namespace</c>.</summary>
    public string Namespace { get; set; } = "";

    /// <summary><c>selfLink</c> (deprecated upstream, still carried).</summary>
    public string SelfLink { get; set; } = "";

    /// <summary><c>uid</c>.</summary>
    public string Uid { get; set; } = "";

    /// <summary><c>resourceVersion</c> (stored empty; filled from the store revision when served).</summary>
    public string ResourceVersion { get; set; } = "";

    /// <summary><c>generation</c>.</summary>
    public long Generation { get; set; }

    /// <summary><c>creationTimestamp</c>; null is Go's zero time (JSON <c>null</c>, protobuf empty message).</summary>
    public KubernetesTime? CreationTimestamp { get; set; }

    /// <summary><c>deletionTimestamp</c>; null when absent.</summary>
    public KubernetesTime? DeletionTimestamp { get; set; }

    /// <summary><c>deletionGracePeriodSeconds</c>; null when absent.</summary>
    public long? DeletionGracePeriodSeconds { get; set; }

    /// <summary><c>labels</c>.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>annotations</c>.</summary>
    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>ownerReferences</c>.</summary>
    public List<OwnerReference> OwnerReferences { get; set; } = [];

    /// <summary><c>finalizers</c>.</summary>
    public List<string> Finalizers { get; set; } = [];

    /// <summary><c>managedFields</c>.</summary>
    public List<ManagedFieldsEntry> ManagedFields { get; set; } = [];
}
