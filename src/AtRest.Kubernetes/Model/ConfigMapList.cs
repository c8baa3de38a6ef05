namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>ConfigMapList</c>.</summary>
public sealed class ConfigMapList : KubernetesList<ConfigMap>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ConfigMapList";

    /// <summary>Creates an empty v1 ConfigMapList.</summary>
    public ConfigMapList()
        : base("v1", KindName)
    {
    }
}
