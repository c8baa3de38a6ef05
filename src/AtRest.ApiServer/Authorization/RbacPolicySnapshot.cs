using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// An immutable in-memory <see cref="IRbacPolicySource"/>: the objects given, sorted by name, indexed for look-ups.
/// Treat the objects as frozen once handed over (they are shared by every decision, not copied).
/// </summary>
public sealed class RbacPolicySnapshot : IRbacPolicySource
{
    private readonly IReadOnlyList<ClusterRole> _clusterRoles;
    private readonly IReadOnlyList<ClusterRoleBinding> _clusterRoleBindings;
    private readonly Dictionary<string, ClusterRole> _clusterRolesByName;
    private readonly Dictionary<string, IReadOnlyList<Role>> _rolesByNamespace;
    private readonly Dictionary<(string Namespace, string Name), Role> _rolesByName;
    private readonly Dictionary<string, IReadOnlyList<RoleBinding>> _roleBindingsByNamespace;

    /// <summary>Indexes the given objects; a later object replaces an earlier one of the same name.</summary>
    public RbacPolicySnapshot(
        IEnumerable<ClusterRole> clusterRoles,
        IEnumerable<Role> roles,
        IEnumerable<ClusterRoleBinding> clusterRoleBindings,
        IEnumerable<RoleBinding> roleBindings)
    {
        ArgumentNullException.ThrowIfNull(clusterRoles);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(clusterRoleBindings);
        ArgumentNullException.ThrowIfNull(roleBindings);
        _clusterRolesByName = clusterRoles.GroupBy(r => r.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _clusterRoles = [.. _clusterRolesByName.Values.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal)];
        _clusterRoleBindings = [.. clusterRoleBindings.GroupBy(b => b.Metadata.Name, StringComparer.Ordinal)
            .Select(g => g.Last()).OrderBy(b => b.Metadata.Name, StringComparer.Ordinal)];
        _rolesByName = roles.GroupBy(r => (r.Metadata.Namespace, r.Metadata.Name)).ToDictionary(g => g.Key, g => g.Last());
        _rolesByNamespace = _rolesByName.Values.GroupBy(r => r.Metadata.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Role>)[.. g.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal)], StringComparer.Ordinal);
        _roleBindingsByNamespace = roleBindings.GroupBy(b => (b.Metadata.Namespace, b.Metadata.Name)).Select(g => g.Last())
            .GroupBy(b => b.Metadata.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RoleBinding>)[.. g.OrderBy(b => b.Metadata.Name, StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    /// <summary>No RBAC objects at all.</summary>
    public static RbacPolicySnapshot Empty { get; } = new([], [], [], []);

    /// <inheritdoc />
    public IReadOnlyList<ClusterRole> ClusterRoles() => _clusterRoles;

    /// <inheritdoc />
    public IReadOnlyList<Role> Roles(string @namespace) => _rolesByNamespace.GetValueOrDefault(@namespace) ?? [];

    /// <inheritdoc />
    public IReadOnlyList<ClusterRoleBinding> ClusterRoleBindings() => _clusterRoleBindings;

    /// <inheritdoc />
    public IReadOnlyList<RoleBinding> RoleBindings(string @namespace) => _roleBindingsByNamespace.GetValueOrDefault(@namespace) ?? [];

    /// <inheritdoc />
    public ClusterRole? FindClusterRole(string name) => _clusterRolesByName.GetValueOrDefault(name);

    /// <inheritdoc />
    public Role? FindRole(string @namespace, string name) => _rolesByName.GetValueOrDefault((@namespace, name));
}
