namespace AtRest.Encryption;

/// <summary>A Kubernetes resource with its API group; the core group is the empty string.</summary>
public readonly record struct GroupResource(string Group, string Resource)
{
    /// <summary>The form Kubernetes prints: <c>secrets</c> for core, <c>deployments.apps</c> otherwise.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
