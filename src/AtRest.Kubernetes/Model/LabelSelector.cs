namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.LabelSelector</c>: every label in <see cref="MatchLabels"/> and every expression must match.</summary>
public sealed class LabelSelector
{
    /// <summary><c>matchLabels</c>.</summary>
    public Dictionary<string, string> MatchLabels { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>matchExpressions</c>.</summary>
    public List<LabelSelectorRequirement> MatchExpressions { get; set; } = [];
}
