using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's start-up reconciliation of a default ClusterRole or ClusterRoleBinding with the stored one
/// (<c>computeReconciledRole</c>, <c>computeReconciledRoleBinding</c>, never removing anything): the one home of that
/// rule, used by the writer of the defaults (<see cref="RbacBootstrapWriter"/>) and by the in-memory layering that
/// stands in for it until the write is done (<see cref="BootstrapLayeredPolicySource"/>). A stored object annotated
/// <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c> is protected and left as it is.
/// </summary>
internal static class BootstrapReconciliation
{
    /// <summary>Whether the stored object lets reconciliation change it (its autoupdate annotation is not <c>false</c>).</summary>
    public static bool AutoUpdates(KubernetesResource stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Metadata.Annotations.GetValueOrDefault(BootstrapPolicy.AutoUpdateAnnotation) != "false";
    }

    /// <summary>
    /// The stored role with what the default adds: its missing labels and annotations, the default's rules the stored
    /// ones do not cover, and its missing aggregation selectors (an aggregation the default does not have is dropped).
    /// Returns <paramref name="existing"/> itself when nothing changes or it is protected.
    /// </summary>
    public static ClusterRole Reconcile(ClusterRole existing, ClusterRole expected)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(expected);
        if (!AutoUpdates(existing))
        {
            return existing;
        }

        var (covered, missingRules) = RuleCoverage.Covers(existing.Rules, expected.Rules);
        var selectors = existing.AggregationRule?.ClusterRoleSelectors ?? [];
        var missingSelectors = expected.AggregationRule?.ClusterRoleSelectors
            .Where(wanted => !selectors.Any(have => SameSelector(have, wanted))).ToList() ?? [];
        var dropAggregation = expected.AggregationRule is null && existing.AggregationRule is not null;
        if (covered && missingSelectors.Count == 0 && !dropAggregation && !MissesAny(existing.Metadata, expected.Metadata))
        {
            // The common case once the defaults are stored: nothing to copy.
            return existing;
        }

        var role = KubernetesObjectCodec.DeepCopy(existing);
        MergeMissing(role.Metadata.Labels, expected.Metadata.Labels);
        MergeMissing(role.Metadata.Annotations, expected.Metadata.Annotations);
        role.Rules = [.. role.Rules, .. missingRules];
        if (dropAggregation)
        {
            role.AggregationRule = null;
        }
        else if (missingSelectors.Count > 0)
        {
            role.AggregationRule = new AggregationRule { ClusterRoleSelectors = [.. selectors, .. missingSelectors] };
        }

        return role;
    }

    /// <summary>
    /// The stored binding with what the default adds (missing labels, annotations and subjects), or the default itself
    /// when the role reference differs (kube deletes and recreates the binding then: <paramref name="recreate"/>).
    /// Returns <paramref name="existing"/> itself when nothing changes or it is protected.
    /// </summary>
    public static ClusterRoleBinding Reconcile(ClusterRoleBinding existing, ClusterRoleBinding expected, out bool recreate)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(expected);
        recreate = false;
        if (!AutoUpdates(existing))
        {
            return existing;
        }

        if (existing.RoleRef != expected.RoleRef)
        {
            recreate = true;
            return expected;
        }

        var missing = expected.Subjects.Where(subject => !existing.Subjects.Contains(subject)).ToList();
        if (missing.Count == 0 && !MissesAny(existing.Metadata, expected.Metadata))
        {
            return existing;
        }

        var binding = KubernetesObjectCodec.DeepCopy(existing);
        MergeMissing(binding.Metadata.Labels, expected.Metadata.Labels);
        MergeMissing(binding.Metadata.Annotations, expected.Metadata.Annotations);
        binding.Subjects = [.. binding.Subjects, .. missing];
        return binding;
    }

    // Whether kube's merge(expected, existing) of labels or annotations would add a key (stored values win).
    private static bool MissesAny(ObjectMeta existing, ObjectMeta expected) =>
        expected.Labels.Keys.Any(key => !existing.Labels.ContainsKey(key))
        || expected.Annotations.Keys.Any(key => !existing.Annotations.ContainsKey(key));

    private static void MergeMissing(Dictionary<string, string> target, Dictionary<string, string> defaults)
    {
        foreach (var (key, value) in defaults)
        {
            target.TryAdd(key, value);
        }
    }

    private static bool SameSelector(LabelSelector a, LabelSelector b) =>
        a.MatchLabels.Count == b.MatchLabels.Count
        && a.MatchLabels.All(kv => b.MatchLabels.TryGetValue(kv.Key, out var value) && value == kv.Value)
        && a.MatchExpressions.Count == b.MatchExpressions.Count
        && a.MatchExpressions.Zip(b.MatchExpressions).All(pair =>
            pair.First.Key == pair.Second.Key && pair.First.Operator == pair.Second.Operator
            && pair.First.Values.SequenceEqual(pair.Second.Values, StringComparer.Ordinal));
}
