using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Kms;

/// <summary>
/// Timings of the KMS providers (spec §3.5) and the <c>KMSv1</c> feature gate. The defaults are kube-apiserver's; tests
/// shorten them through hidden environment variables (Go durations), because a server under test is a separate process:
/// <c>ATREST_KMS_STATUS_POLL_INTERVAL</c>, <c>ATREST_KMS_UNHEALTHY_POLL_INTERVAL</c>, <c>ATREST_KMS_WRITE_DEK_SOURCE_TTL</c>.
/// </summary>
public sealed record KmsRuntimeOptions
{
    /// <summary>kube-apiserver's defaults with the KMSv1 gate off.</summary>
    public static KmsRuntimeOptions Default { get; } = new();

    /// <summary>Status poll while healthy (1 min).</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Status poll after a failure, until a success (10 s).</summary>
    public TimeSpan UnhealthyPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Writes stop this long after the last valid Status (3 min, <c>kmsv2PluginWriteDEKSourceMaxTTL</c>).</summary>
    public TimeSpan WriteDekSourceMaxTtl { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a decrypted seed or DEK stays cached (24 h).</summary>
    public TimeSpan DekSourceCacheTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a passing health answer is reused (20 s).</summary>
    public TimeSpan HealthyCheckCacheTtl { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a failing health answer is reused (3 s).</summary>
    public TimeSpan UnhealthyCheckCacheTtl { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The <c>KMSv1=true</c> feature gate: allows <c>apiVersion: v1</c> providers (deprecated, for migrating off them).</summary>
    public bool AllowKmsV1 { get; init; }

    /// <summary>The clock for polls, expiry and caches.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The defaults with the hidden test overrides from the environment applied.</summary>
    /// <exception cref="ArgumentException">An override is not a positive Go duration; the message names the variable.</exception>
    public static KmsRuntimeOptions FromEnvironment(bool allowKmsV1 = false) => new()
    {
        StatusPollInterval = Duration("ATREST_KMS_STATUS_POLL_INTERVAL") ?? Default.StatusPollInterval,
        UnhealthyPollInterval = Duration("ATREST_KMS_UNHEALTHY_POLL_INTERVAL") ?? Default.UnhealthyPollInterval,
        WriteDekSourceMaxTtl = Duration("ATREST_KMS_WRITE_DEK_SOURCE_TTL") ?? Default.WriteDekSourceMaxTtl,
        AllowKmsV1 = allowKmsV1 || Environment.GetEnvironmentVariable("ATREST_FEATURE_GATE_KMSV1") == "true",
    };

    private static TimeSpan? Duration(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var nanoseconds, out var error) || nanoseconds <= 0)
        {
            throw new ArgumentException($"{variable}={text} is not a positive duration: {error}");
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
