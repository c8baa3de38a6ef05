namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>Role</c>: a namespaced set of rules, granted by bindings that name it.</summary>
public sealed class Role : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "Role";

    /// <summary>Creates an empty Role.</summary>
    public Role()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }

    /// <summary><c>rules</c> (JSON writes <c>null</c> when empty, as kube-apiserver serves a stored empty list).</summary>
    public List<PolicyRule> Rules { get; set; } = [];
}
