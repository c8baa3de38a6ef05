namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>RoleRef</c>: the Role or ClusterRole a binding grants. All three fields are always written.</summary>
/// <param name="ApiGroup"><c>apiGroup</c>, <c>rbac.authorization.k8s.io</c> for every valid reference.</param>
/// <param name="Kind"><c>kind</c>: <c>Role</c> or <c>ClusterRole</c>.</param>
/// <param name="Name"><c>name</c>.</param>
public sealed record RoleRef(string ApiGroup, string Kind, string Name)
{
    /// <summary>No reference (what a binding without <c>roleRef</c> decodes to).</summary>
    public static RoleRef None { get; } = new("", "", "");

    /// <summary>A reference to a ClusterRole.</summary>
    public static RoleRef ToClusterRole(string name) => new(RbacGroup.Name, ClusterRole.KindName, name);

    /// <summary>A reference to a Role of the binding's namespace.</summary>
    public static RoleRef ToRole(string name) => new(RbacGroup.Name, Role.KindName, name);
}
