using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>Configurations with one KMS provider in front, loaded with test timings.</summary>
internal static class KmsConfigs
{
    public static readonly GroupResource Secrets = new("", "secrets");

    public static LoadedEncryptionConfiguration Load(string apiVersion, string name, string endpoint, KmsRuntimeOptions options, string timeout = "3s")
    {
        var yaml = $$"""
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - kms: {apiVersion: {{apiVersion}}, name: {{name}}, endpoint: "{{endpoint}}", timeout: {{timeout}}}
                  - identity: {}
            """;
        return EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "kms-test.yaml", kms: options);
    }

    /// <summary>Waits (generously) until every KMS provider of <paramref name="config"/> reports healthy.</summary>
    public static async Task WaitHealthyAsync(LoadedEncryptionConfiguration config)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? last = null;
        while (!timeout.IsCancellationRequested)
        {
            last = null;
            foreach (var provider in config.KmsProviders)
            {
                last ??= await provider.CheckAsync(timeout.Token);
            }

            if (last is null)
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"KMS providers did not become healthy: {last}");
    }
}
