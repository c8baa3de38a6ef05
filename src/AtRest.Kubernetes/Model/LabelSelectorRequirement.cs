namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.LabelSelectorRequirement</c>: a key, an operator (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>) and values.</summary>
public sealed class LabelSelectorRequirement
{
    /// <summary><c>key</c> (always written in JSON).</summary>
    public string Key { get; set; } = "";

    /// <summary><c>operator</c> (always written in JSON).</summary>
    public string Operator { get; set; } = "";

    /// <summary><c>values</c>.</summary>
    public List<string> Values { get; set; } = [];
}
