namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>ClusterRoleBindingList</c>.</summary>
public sealed class ClusterRoleBindingList : KubernetesList<ClusterRoleBinding>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ClusterRoleBindingList";

    /// <summary>Creates an empty ClusterRoleBindingList.</summary>
    public ClusterRoleBindingList()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }
}
