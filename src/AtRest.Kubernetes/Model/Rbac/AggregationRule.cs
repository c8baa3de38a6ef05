namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>AggregationRule</c>: selectors of the ClusterRoles whose rules a controller gathers (kept, not evaluated).</summary>
public sealed class AggregationRule
{
    /// <summary><c>clusterRoleSelectors</c>.</summary>
    public List<LabelSelector> ClusterRoleSelectors { get; set; } = [];
}
