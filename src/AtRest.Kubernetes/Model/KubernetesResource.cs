namespace AtRest.Kubernetes.Model;

/// <summary>A named, stored object (<see cref="Secret"/>, <see cref="ConfigMap"/>, <see cref="Namespace"/>) with full <see cref="ObjectMeta"/>.</summary>
public abstract class KubernetesResource : KubernetesObject
{
    /// <summary>Creates the resource with its type set and empty metadata.</summary>
    protected KubernetesResource(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    /// <summary>The object's metadata; never null.</summary>
    public ObjectMeta Metadata { get; set; } = new();
}
