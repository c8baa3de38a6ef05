namespace AtRest.KmsPlugin.Backends;

/// <summary>The current key id (empty when there is none) and <c>ok</c> or what is wrong.</summary>
internal sealed record BackendStatus(string KeyId, string Healthz)
{
    public static BackendStatus Unhealthy(string problem) => new(string.Empty, problem);

    public bool IsHealthy => Healthz == "ok";
}
