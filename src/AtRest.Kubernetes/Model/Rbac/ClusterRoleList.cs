namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>ClusterRoleList</c>.</summary>
public sealed class ClusterRoleList : KubernetesList<ClusterRole>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ClusterRoleList";

    /// <summary>Creates an empty ClusterRoleList.</summary>
    public ClusterRoleList()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }
}
