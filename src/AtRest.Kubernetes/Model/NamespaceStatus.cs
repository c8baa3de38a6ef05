namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>NamespaceStatus</c>.</summary>
public sealed class NamespaceStatus
{
    /// <summary><c>phase</c> (<c>Active</c> or <c>Terminating</c>); empty when unset.</summary>
    public string Phase { get; set; } = "";

    /// <summary><c>conditions</c>.</summary>
    public List<NamespaceCondition> Conditions { get; set; } = [];
}
