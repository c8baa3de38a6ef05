namespace AtRest.Kubernetes.Model;

/// <summary>
/// Any top-level Kubernetes object: it carries its type (<c>apiVersion</c>, <c>kind</c>). Every codec entry point
/// takes and returns this type; switch on the concrete class (<see cref="Secret"/>, <see cref="SecretList"/>,
/// <see cref="Status"/>, …) or use <see cref="KubernetesResource"/> for the three resource kinds generically.
/// </summary>
public abstract class KubernetesObject
{
    /// <summary>Creates the object with its type set.</summary>
    protected KubernetesObject(string apiVersion, string kind)
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>The <c>apiVersion</c>; <c>v1</c> for every kind here. Empty for list items decoded from protobuf, as upstream.</summary>
    public string ApiVersion { get; set; }

    /// <summary>The <c>kind</c>, e.g. <c>Secret</c>. Empty for list items decoded from protobuf, as upstream.</summary>
    public string Kind { get; set; }
}
