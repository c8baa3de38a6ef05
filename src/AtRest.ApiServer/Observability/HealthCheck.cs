namespace AtRest.ApiServer.Observability;

/// <summary>A named check served on <c>/healthz/&lt;name&gt;</c> (and <c>/livez</c>, <c>/readyz</c> as registered).</summary>
/// <param name="Name">The name kube uses, e.g. <c>ping</c>, <c>etcd</c>, <c>kms-providers</c>.</param>
/// <param name="Check">Null when healthy, otherwise the failure message (never key material).</param>
public sealed record HealthCheck(string Name, Func<CancellationToken, ValueTask<string?>> Check)
{
    /// <summary>A check that always passes.</summary>
    public static HealthCheck AlwaysOk(string name) => new(name, _ => ValueTask.FromResult<string?>(null));
}
