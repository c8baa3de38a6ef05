namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.OwnerReference</c>.</summary>
public sealed class OwnerReference
{
    /// <summary><c>apiVersion</c> (always written in JSON).</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary><c>kind</c> (always written in JSON).</summary>
    public string Kind { get; set; } = "";

    /// <summary><c>name</c> (always written in JSON).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>uid</c> (always written in JSON).</summary>
    public string Uid { get; set; } = "";

    /// <summary><c>controller</c>; null when absent.</summary>
    public bool? Controller { get; set; }

    /// <summary><c>blockOwnerDeletion</c>; null when absent.</summary>
    public bool? BlockOwnerDeletion { get; set; }
}
