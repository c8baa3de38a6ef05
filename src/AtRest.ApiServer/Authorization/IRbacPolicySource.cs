using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The RBAC objects a decision reads, as kube's RBAC authorizer reads its listers: cluster roles and cluster role
/// bindings, and the roles and role bindings of one namespace. Lists come in name order (the store's key order), so
/// decisions, reasons and rule lists are repeatable. Implementations: <see cref="RbacPolicySnapshot"/> (in memory),
/// <see cref="BootstrapLayeredPolicySource"/> (kube's default roles layered over another source), later a store-backed one.
/// </summary>
public interface IRbacPolicySource
{
    /// <summary>Every ClusterRole.</summary>
    IReadOnlyList<ClusterRole> ClusterRoles();

    /// <summary>The Roles of <paramref name="namespace"/>.</summary>
    IReadOnlyList<Role> Roles(string @namespace);

    /// <summary>Every ClusterRoleBinding.</summary>
    IReadOnlyList<ClusterRoleBinding> ClusterRoleBindings();

    /// <summary>The RoleBindings of <paramref name="namespace"/>.</summary>
    IReadOnlyList<RoleBinding> RoleBindings(string @namespace);

    /// <summary>The ClusterRole named <paramref name="name"/>, or null.</summary>
    ClusterRole? FindClusterRole(string name);

    /// <summary>The Role <paramref name="name"/> of <paramref name="namespace"/>, or null.</summary>
    Role? FindRole(string @namespace, string name);
}
