using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// Why a binding's role reference gave no rules: the role does not exist, or the kind is neither Role nor ClusterRole.
/// kube words a missing role by who looked: the authorizer's listers say <c>clusterrole.rbac.authorization.k8s.io "x"
/// not found</c> (singular), the registry on a write says <c>clusterroles.rbac.authorization.k8s.io "x" not found</c>.
/// </summary>
/// <param name="RoleRef">The reference that could not be resolved.</param>
public sealed record RoleReferenceError(RoleRef RoleRef)
{
    /// <summary>Whether the kind is one RBAC resolves (so the role is missing, not the kind unsupported).</summary>
    public bool IsNotFound => RoleRef.Kind is Role.KindName or ClusterRole.KindName;

    /// <summary>The resource the registry names (<c>roles</c> or <c>clusterroles</c>).</summary>
    public string RegistryResource => RoleRef.Kind == Role.KindName ? "roles" : "clusterroles";

    /// <summary>The message as the authorizer's listers give it.</summary>
    public string ListerMessage => IsNotFound
        ? $"{RoleRef.Kind.ToLowerInvariant()}.{RbacGroup.Name} {ApiErrors.Quote(RoleRef.Name)} not found"
        : $"unsupported role reference kind: {ApiErrors.Quote(RoleRef.Kind)}";
}
