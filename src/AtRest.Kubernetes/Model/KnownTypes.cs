namespace AtRest.Kubernetes.Model;

/// <summary>The canonical <c>apiVersion</c>/<c>kind</c> of each supported class.</summary>
internal static class KnownTypes
{
    public static (string ApiVersion, string Kind) Of(KubernetesObject obj) => obj switch
    {
        Secret => ("v1", Secret.KindName),
        ConfigMap => ("v1", ConfigMap.KindName),
        Namespace => ("v1", Namespace.KindName),
        SecretList => ("v1", SecretList.KindName),
        ConfigMapList => ("v1", ConfigMapList.KindName),
        NamespaceList => ("v1", NamespaceList.KindName),
        Status => ("v1", Status.KindName),
        _ => (obj.ApiVersion, obj.Kind),
    };
}
