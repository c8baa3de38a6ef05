using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// The KMS health checks of spec §6.2, on <c>/healthz</c> and <c>/readyz</c> (kube-apiserver keeps them off
/// <c>/livez</c>): one <c>kms-providers</c> check when automatic reload is on or only v2 providers are configured (it
/// follows the configuration in effect), otherwise one <c>kms-provider-N</c> per KMS provider.
/// </summary>
internal static class KmsHealthChecks
{
    public static void Register(HealthChecks checks, IResourceTransformers transformers, bool automaticReload)
    {
        var providers = Configuration(transformers)?.KmsProviders ?? [];
        if (automaticReload || (providers.Count > 0 && providers.All(p => p.ApiVersion == "v2")))
        {
            checks.AddWithoutLivez(new HealthCheck("kms-providers", cancellationToken => CheckAllAsync(transformers, cancellationToken)));
            return;
        }

        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            checks.AddWithoutLivez(new HealthCheck($"kms-provider-{i}", provider.CheckAsync));
        }
    }

    private static async ValueTask<string?> CheckAllAsync(IResourceTransformers transformers, CancellationToken cancellationToken)
    {
        var providers = Configuration(transformers)?.KmsProviders ?? [];
        var failures = new List<string>();
        for (var i = 0; i < providers.Count; i++)
        {
            if (await providers[i].CheckAsync(cancellationToken).ConfigureAwait(false) is { } error)
            {
                failures.Add($"kms-provider-{i}: {error}");
            }
        }

        return failures.Count switch
        {
            0 => null,
            1 => failures[0],
            _ => "[" + string.Join(", ", failures) + "]",
        };
    }

    private static LoadedEncryptionConfiguration? Configuration(IResourceTransformers transformers) => transformers switch
    {
        LoadedEncryptionConfiguration loaded => loaded,
        ReloadableResourceTransformers reloadable => Configuration(reloadable.Current),
        _ => null,
    };
}
