namespace AtRest.ApiServer.Lifecycle;

/// <summary>How one stored value reads under a configuration.</summary>
/// <param name="Source">The prefix that read it (<c>k8s:enc:secretbox:v1:key1:</c>, <c>identity</c>), or null when none could.</param>
/// <param name="Stale">Read by a provider or key other than the write key.</param>
/// <param name="Error">Why no provider could read it, when none could.</param>
public readonly record struct StoredValueRead(string? Source, bool Stale, string? Error)
{
    /// <summary>Whether a provider read the value.</summary>
    public bool Readable => Source is not null;
}
