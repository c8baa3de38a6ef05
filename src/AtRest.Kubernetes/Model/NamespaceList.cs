namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>NamespaceList</c>.</summary>
public sealed class NamespaceList : KubernetesList<Namespace>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "NamespaceList";

    /// <summary>Creates an empty v1 NamespaceList.</summary>
    public NamespaceList()
        : base("v1", KindName)
    {
    }
}
