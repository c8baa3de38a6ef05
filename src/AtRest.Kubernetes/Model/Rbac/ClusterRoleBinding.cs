namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>ClusterRoleBinding</c>: grants the rules of the role it references to its subjects, in every namespace and on non-resource URLs.</summary>
public sealed class ClusterRoleBinding : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ClusterRoleBinding";

    /// <summary>Creates an empty ClusterRoleBinding.</summary>
    public ClusterRoleBinding()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }

    /// <summary><c>subjects</c>.</summary>
    public List<Subject> Subjects { get; set; } = [];

    /// <summary><c>roleRef</c> (immutable once created).</summary>
    public RoleRef RoleRef { get; set; } = RoleRef.None;
}
