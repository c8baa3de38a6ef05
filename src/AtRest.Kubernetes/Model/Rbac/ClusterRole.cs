namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>rbac/v1 <c>ClusterRole</c>: a cluster-wide set of rules, granted by bindings that name it.</summary>
public sealed class ClusterRole : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ClusterRole";

    /// <summary>Creates an empty ClusterRole.</summary>
    public ClusterRole()
        : base(RbacGroup.ApiVersion, KindName)
    {
    }

    /// <summary><c>rules</c> (JSON writes <c>null</c> when empty, as kube-apiserver serves a stored empty list).</summary>
    public List<PolicyRule> Rules { get; set; } = [];

    /// <summary><c>aggregationRule</c>; null when absent.</summary>
    public AggregationRule? AggregationRule { get; set; }
}
