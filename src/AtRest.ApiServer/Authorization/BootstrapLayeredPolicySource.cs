using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's default ClusterRoles and ClusterRoleBindings (<see cref="BootstrapPolicy"/>) layered over stored RBAC
/// objects, as kube-apiserver's start-up reconciliation leaves them: a default that is not stored is present as
/// defined; a stored object of the same name is used as stored when its <c>rbac.authorization.kubernetes.io/autoupdate</c>
/// annotation is <c>false</c>, and otherwise as <see cref="BootstrapReconciliation"/> would leave it once written. This
/// keeps decisions right before <see cref="RbacBootstrapWriter"/> has written the defaults (and if a store refuses it).
/// Namespaced Roles and RoleBindings pass through.
/// Merged lists are cached for as long as the underlying source hands out the same list instances.
/// </summary>
public sealed class BootstrapLayeredPolicySource(IRbacPolicySource stored) : IRbacPolicySource
{
    private readonly IReadOnlyList<ClusterRole> _defaultRoles = BootstrapPolicy.ClusterRoles();
    private readonly IReadOnlyList<ClusterRoleBinding> _defaultBindings = BootstrapPolicy.ClusterRoleBindings();
    private readonly IRbacPolicySource _stored = stored ?? throw new ArgumentNullException(nameof(stored));
    private MergedPolicyList<ClusterRole>? _roles;
    private MergedPolicyList<ClusterRoleBinding>? _bindings;

    /// <inheritdoc />
    public IReadOnlyList<ClusterRole> ClusterRoles() => MergedRoles().Items;

    /// <inheritdoc />
    public IReadOnlyList<Role> Roles(string @namespace) => _stored.Roles(@namespace);

    /// <inheritdoc />
    public IReadOnlyList<ClusterRoleBinding> ClusterRoleBindings()
    {
        var source = _stored.ClusterRoleBindings();
        var cached = _bindings;
        if (cached is null || !ReferenceEquals(cached.Source, source))
        {
            _bindings = cached = new MergedPolicyList<ClusterRoleBinding>(source, Merge(source, _defaultBindings, Reconcile));
        }

        return cached.Items;
    }

    /// <inheritdoc />
    public IReadOnlyList<RoleBinding> RoleBindings(string @namespace) => _stored.RoleBindings(@namespace);

    /// <inheritdoc />
    public ClusterRole? FindClusterRole(string name) => MergedRoles().ByName.GetValueOrDefault(name);

    /// <inheritdoc />
    public Role? FindRole(string @namespace, string name) => _stored.FindRole(@namespace, name);

    private MergedPolicyList<ClusterRole> MergedRoles()
    {
        var source = _stored.ClusterRoles();
        var cached = _roles;
        if (cached is null || !ReferenceEquals(cached.Source, source))
        {
            _roles = cached = new MergedPolicyList<ClusterRole>(source, Merge(source, _defaultRoles, Reconcile));
        }

        return cached;
    }

    private static List<T> Merge<T>(IReadOnlyList<T> stored, IReadOnlyList<T> defaults, Func<T, T, T> reconcile)
        where T : Kubernetes.Model.KubernetesResource
    {
        var byName = stored.ToDictionary(item => item.Metadata.Name, StringComparer.Ordinal);
        foreach (var item in defaults)
        {
            byName[item.Metadata.Name] = byName.TryGetValue(item.Metadata.Name, out var existing) ? reconcile(existing, item) : item;
        }

        return [.. byName.Values.OrderBy(item => item.Metadata.Name, StringComparer.Ordinal)];
    }

    private static ClusterRole Reconcile(ClusterRole existing, ClusterRole expected) => BootstrapReconciliation.Reconcile(existing, expected);

    private static ClusterRoleBinding Reconcile(ClusterRoleBinding existing, ClusterRoleBinding expected) =>
        BootstrapReconciliation.Reconcile(existing, expected, out _);
}
