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
        Event => ("v1", Event.KindName),
        EventList => ("v1", EventList.KindName),
        Rbac.Role => (Rbac.RbacGroup.ApiVersion, Rbac.Role.KindName),
        Rbac.ClusterRole => (Rbac.RbacGroup.ApiVersion, Rbac.ClusterRole.KindName),
        Rbac.RoleBinding => (Rbac.RbacGroup.ApiVersion, Rbac.RoleBinding.KindName),
        Rbac.ClusterRoleBinding => (Rbac.RbacGroup.ApiVersion, Rbac.ClusterRoleBinding.KindName),
        Rbac.RoleList => (Rbac.RbacGroup.ApiVersion, Rbac.RoleList.KindName),
        Rbac.ClusterRoleList => (Rbac.RbacGroup.ApiVersion, Rbac.ClusterRoleList.KindName),
        Rbac.RoleBindingList => (Rbac.RbacGroup.ApiVersion, Rbac.RoleBindingList.KindName),
        Rbac.ClusterRoleBindingList => (Rbac.RbacGroup.ApiVersion, Rbac.ClusterRoleBindingList.KindName),
        _ => (obj.ApiVersion, obj.Kind),
    };
}
