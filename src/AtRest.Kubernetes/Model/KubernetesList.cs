namespace AtRest.Kubernetes.Model;

/// <summary>A list kind (<c>SecretList</c>, …): <see cref="ListMeta"/> plus items, usable without knowing the item type.</summary>
public abstract class KubernetesList : KubernetesObject
{
    /// <summary>Creates the list with its type set.</summary>
    protected KubernetesList(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    /// <summary>The list's metadata (resourceVersion, continue, …); never null.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items as their common base type.</summary>
    public abstract IReadOnlyList<KubernetesResource> Resources { get; }
}
