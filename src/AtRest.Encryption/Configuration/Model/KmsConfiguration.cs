using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Configuration.Model;

/// <summary>A <c>kms</c> provider; <see cref="ApplyDefaults"/> implements <c>SetDefaults_KMSConfiguration</c>.</summary>
internal sealed class KmsConfiguration
{
    public string ApiVersion { get; set; } = "";

    public string Name { get; set; } = "";

    public int? CacheSize { get; set; }

    public string Endpoint { get; set; } = "";

    /// <summary>Nanoseconds, as Go's <c>time.Duration</c>.</summary>
    public long? TimeoutNanoseconds { get; set; }

    public void ApplyDefaults()
    {
        TimeoutNanoseconds ??= 3 * GoDuration.Second;
        if (ApiVersion.Length == 0)
        {
            ApiVersion = "v1";
        }

        if (CacheSize is null && ApiVersion == "v1")
        {
            CacheSize = 1000;
        }
    }

    public string ToGoJson() =>
        "{\"APIVersion\":" + GoFormat.JsonString(ApiVersion) + ",\"Name\":" + GoFormat.JsonString(Name) +
        ",\"CacheSize\":" + (CacheSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null") +
        ",\"Endpoint\":" + GoFormat.JsonString(Endpoint) +
        ",\"Timeout\":" + (TimeoutNanoseconds is { } t ? GoFormat.JsonString(GoDuration.Format(t)) : "null") + "}";
}
