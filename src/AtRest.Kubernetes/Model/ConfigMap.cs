namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>ConfigMap</c>.</summary>
public sealed class ConfigMap : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "ConfigMap";

    /// <summary>Creates an empty v1 ConfigMap.</summary>
    public ConfigMap()
        : base("v1", KindName)
    {
    }

    /// <summary><c>immutable</c>; null when absent.</summary>
    public bool? Immutable { get; set; }

    /// <summary><c>data</c>.</summary>
    public Dictionary<string, string> Data { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>binaryData</c>: raw bytes (base64 only in JSON/YAML).</summary>
    public Dictionary<string, byte[]> BinaryData { get; set; } = new(StringComparer.Ordinal);
}
