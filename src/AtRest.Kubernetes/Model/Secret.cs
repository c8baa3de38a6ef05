using System.Text;

namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>Secret</c>.</summary>
public sealed class Secret : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "Secret";

    /// <summary>Creates an empty v1 Secret.</summary>
    public Secret()
        : base("v1", KindName)
    {
    }

    /// <summary><c>immutable</c>; null when absent.</summary>
    public bool? Immutable { get; set; }

    /// <summary><c>data</c>: raw bytes (base64 only in JSON/YAML).</summary>
    public Dictionary<string, byte[]> Data { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>stringData</c>: write-only convenience input; the server folds it into <see cref="Data"/>.</summary>
    public Dictionary<string, string> StringData { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>type</c>, e.g. <c>Opaque</c>; empty when unset (always written in protobuf).</summary>
    public string Type { get; set; } = "";

    /// <summary>
    /// Folds <see cref="StringData"/> into <see cref="Data"/> (a stringData key wins) and clears it, as kube-apiserver's
    /// v1 → internal conversion does before anything is stored: stringData is write-only and never at rest.
    /// </summary>
    public void FoldStringData()
    {
        foreach (var (key, value) in StringData)
        {
            Data[key] = Encoding.UTF8.GetBytes(value);
        }

        StringData.Clear();
    }
}
