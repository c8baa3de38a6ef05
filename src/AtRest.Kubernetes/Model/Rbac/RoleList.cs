namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>RoleList</c>.</summary>
public sealed class RoleList : KubernetesList<Role>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "RoleList";

    /// <summary>Creates an empty RoleList.</summary>
    public RoleList()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }
}
