namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>NamespaceCondition</c>.</summary>
public sealed class NamespaceCondition
{
    /// <summary><c>type</c> (always written in JSON).</summary>
    public string Type { get; set; } = "";

    /// <summary><c>status</c> (always written in JSON).</summary>
    public string Status { get; set; } = "";

    /// <summary><c>lastTransitionTime</c>; null is Go's zero time.</summary>
    public KubernetesTime? LastTransitionTime { get; set; }

    /// <summary><c>reason</c>.</summary>
    public string Reason { get; set; } = "";

    /// <summary><c>message</c>.</summary>
    public string Message { get; set; } = "";
}
