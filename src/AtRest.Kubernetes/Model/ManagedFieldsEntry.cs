namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.ManagedFieldsEntry</c>.</summary>
public sealed class ManagedFieldsEntry
{
    /// <summary><c>manager</c>.</summary>
    public string Manager { get; set; } = "";

    /// <summary><c>operation</c> (<c>Apply</c> or <c>Update</c>).</summary>
    public string Operation { get; set; } = "";

    /// <summary><c>apiVersion</c>.</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary><c>time</c>; null when absent.</summary>
    public KubernetesTime? Time { get; set; }

    /// <summary><c>fieldsType</c> (<c>FieldsV1</c>).</summary>
    public string FieldsType { get; set; } = "";

    /// <summary><c>fieldsV1</c> as raw JSON bytes, passed through untouched; null when absent.</summary>
    public byte[]? FieldsV1 { get; set; }

    /// <summary><c>subresource</c>.</summary>
    public string Subresource { get; set; } = "";
}
