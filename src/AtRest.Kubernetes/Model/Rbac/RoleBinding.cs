namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>RoleBinding</c>: grants the rules of the role it references to its subjects, in its namespace.</summary>
public sealed class RoleBinding : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "RoleBinding";

    /// <summary>Creates an empty RoleBinding.</summary>
    public RoleBinding()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }

    /// <summary><c>subjects</c>.</summary>
    public List<Subject> Subjects { get; set; } = [];

    /// <summary><c>roleRef</c> (immutable once created).</summary>
    public RoleRef RoleRef { get; set; } = RoleRef.None;
}
