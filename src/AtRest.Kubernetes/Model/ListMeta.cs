namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.ListMeta</c>.</summary>
public sealed class ListMeta
{
    /// <summary><c>selfLink</c>.</summary>
    public string SelfLink { get; set; } = "";

    /// <summary><c>resourceVersion</c>.</summary>
    public string ResourceVersion { get; set; } = "";

    /// <summary><c>continue</c>.</summary>
    public string Continue { get; set; } = "";

    /// <summary><c>remainingItemCount</c>; null when absent.</summary>
    public long? RemainingItemCount { get; set; }
}
