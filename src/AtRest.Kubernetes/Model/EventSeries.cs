namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>EventSeries</c>: an isomorphic event that keeps recurring.</summary>
public sealed record EventSeries
{
    /// <summary><c>count</c>: occurrences in the series up to the last heartbeat.</summary>
    public int Count { get; init; }

    /// <summary><c>lastObservedTime</c>, a MicroTime; null when unset.</summary>
    public KubernetesTime? LastObservedTime { get; init; }
}
