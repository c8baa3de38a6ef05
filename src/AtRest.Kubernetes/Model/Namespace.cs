namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>Namespace</c>.</summary>
public sealed class Namespace : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "Namespace";

    /// <summary>Creates an empty v1 Namespace.</summary>
    public Namespace()
        : base("v1", KindName)
    {
    }

    /// <summary><c>spec</c>; never null (always written, <c>{}</c> when empty).</summary>
    public NamespaceSpec Spec { get; set; } = new();

    /// <summary><c>status</c>; never null (always written, <c>{}</c> when empty).</summary>
    public NamespaceStatus Status { get; set; } = new();
}
