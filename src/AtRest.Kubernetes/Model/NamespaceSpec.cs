namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>NamespaceSpec</c>.</summary>
public sealed class NamespaceSpec
{
    /// <summary><c>finalizers</c>, e.g. <c>kubernetes</c>.</summary>
    public List<string> Finalizers { get; set; } = [];
}
