namespace AtRest.ApiServer.Observability;

/// <summary>The checks behind <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c>.</summary>
public sealed class HealthChecks
{
    /// <summary>Checks of <c>/healthz</c>.</summary>
    public List<HealthCheck> Healthz { get; } = [];

    /// <summary>Checks of <c>/livez</c>.</summary>
    public List<HealthCheck> Livez { get; } = [];

    /// <summary>Checks of <c>/readyz</c>.</summary>
    public List<HealthCheck> Readyz { get; } = [];

    /// <summary>Registers <paramref name="check"/> on all three endpoints.</summary>
    public void AddEverywhere(HealthCheck check)
    {
        Healthz.Add(check);
        Livez.Add(check);
        Readyz.Add(check);
    }

    /// <summary>Registers <paramref name="check"/> on <c>/healthz</c> and <c>/readyz</c>, as kube does for KMS and reload checks.</summary>
    public void AddWithoutLivez(HealthCheck check)
    {
        Healthz.Add(check);
        Readyz.Add(check);
    }
}
