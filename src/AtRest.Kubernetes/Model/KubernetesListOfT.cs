namespace AtRest.Kubernetes.Model;

/// <summary>A list of one resource kind.</summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class KubernetesList<T> : KubernetesList
    where T : KubernetesResource
{
    /// <summary>Creates the list with its type set and no items.</summary>
    protected KubernetesList(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    /// <summary>The items, in order; never null (JSON always writes <c>"items"</c>, as the API server does).</summary>
    public List<T> Items { get; set; } = [];

    /// <inheritdoc />
    public override IReadOnlyList<KubernetesResource> Resources => Items;
}
