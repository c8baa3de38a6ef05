namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>RoleBindingList</c>.</summary>
public sealed class RoleBindingList : KubernetesList<RoleBinding>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "RoleBindingList";

    /// <summary>Creates an empty RoleBindingList.</summary>
    public RoleBindingList()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }
}
