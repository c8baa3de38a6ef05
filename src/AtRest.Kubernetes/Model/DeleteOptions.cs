namespace AtRest.Kubernetes.Model;

/// <summary>
/// <c>metav1.DeleteOptions</c>, the body of a DELETE. Null fields were absent: kube-apiserver's validation tells an
/// unset option from one set to its zero value.
/// </summary>
public sealed class DeleteOptions
{
    /// <summary><c>gracePeriodSeconds</c>.</summary>
    public long? GracePeriodSeconds { get; set; }

    /// <summary><c>preconditions.uid</c>, when the preconditions carry one.</summary>
    public string? PreconditionUid { get; set; }

    /// <summary><c>preconditions.resourceVersion</c>, when the preconditions carry one.</summary>
    public string? PreconditionResourceVersion { get; set; }

    /// <summary>Whether a <c>preconditions</c> object was sent (even an empty one).</summary>
    public bool HasPreconditions { get; set; }

    /// <summary><c>orphanDependents</c> (deprecated).</summary>
    public bool? OrphanDependents { get; set; }

    /// <summary><c>propagationPolicy</c>.</summary>
    public string? PropagationPolicy { get; set; }

    /// <summary><c>dryRun</c>: <c>["All"]</c> asks for everything but the write.</summary>
    public List<string> DryRun { get; } = [];

    /// <summary><c>ignoreStoreReadErrorWithClusterBreakingPotential</c>: remove a value no provider can read.</summary>
    public bool? IgnoreStoreReadErrorWithClusterBreakingPotential { get; set; }
}
