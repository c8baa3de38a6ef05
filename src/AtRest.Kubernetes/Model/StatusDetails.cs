namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.StatusDetails</c>.</summary>
public sealed class StatusDetails
{
    /// <summary><c>name</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>group</c>.</summary>
    public string Group { get; set; } = "";

    /// <summary><c>kind</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary><c>uid</c>.</summary>
    public string Uid { get; set; } = "";

    /// <summary><c>causes</c>.</summary>
    public List<StatusCause> Causes { get; set; } = [];

    /// <summary><c>retryAfterSeconds</c>; 0 when unset.</summary>
    public int RetryAfterSeconds { get; set; }
}
