using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's default ClusterRoles and ClusterRoleBindings (<see cref="BootstrapPolicy"/>) layered over stored RBAC
/// objects, as kube-apiserver's start-up reconciliation leaves them: a default that is not stored is present as
/// defined; a stored object of the same name is used as stored when its <c>rbac.authorization.kubernetes.io/autoupdate</c>
/// annotation is <c>false</c>, and otherwise gets back what reconciliation adds (a role the default rules it does not
/// cover, a binding the default role reference and subjects). Namespaced Roles and RoleBindings pass through.
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
            byName[item.Metadata.Name] = byName.TryGetValue(item.Metadata.Name, out var existing)
                ? AutoUpdates(existing) ? reconcile(existing, item) : existing
                : item;
        }

        return [.. byName.Values.OrderBy(item => item.Metadata.Name, StringComparer.Ordinal)];
    }

    private static bool AutoUpdates(Kubernetes.Model.KubernetesResource item) =>
        item.Metadata.Annotations.GetValueOrDefault(BootstrapPolicy.AutoUpdateAnnotation) != "false";

    // kube's computeReconciledRole: the stored rules, then the default's atoms they do not cover.
    private static ClusterRole Reconcile(ClusterRole existing, ClusterRole expected)
    {
        var (covered, missing) = RuleCoverage.Covers(existing.Rules, expected.Rules);
        return covered ? existing : new ClusterRole
        {
            Metadata = existing.Metadata,
            AggregationRule = existing.AggregationRule,
            Rules = [.. existing.Rules, .. missing],
        };
    }

    // kube's computeReconciledRoleBinding: the default role reference, the stored subjects plus the default's missing ones.
    private static ClusterRoleBinding Reconcile(ClusterRoleBinding existing, ClusterRoleBinding expected)
    {
        var missing = expected.Subjects.Where(subject => !existing.Subjects.Contains(subject)).ToList();
        return missing.Count == 0 && existing.RoleRef == expected.RoleRef ? existing : new ClusterRoleBinding
        {
            Metadata = existing.Metadata,
            RoleRef = expected.RoleRef,
            Subjects = [.. existing.Subjects, .. missing],
        };
    }
}
