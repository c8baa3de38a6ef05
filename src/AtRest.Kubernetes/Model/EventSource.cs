namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>EventSource</c>: the component (and host) that reported an event.</summary>
public sealed record EventSource
{
    /// <summary><c>component</c>.</summary>
    public string Component { get; init; } = "";

    /// <summary><c>host</c>.</summary>
    public string Host { get; init; } = "";
}
