namespace AtRest.Kubernetes;

/// <summary>Kubernetes protobuf bytes that cannot be decoded (truncated, malformed, or of an unsupported kind).</summary>
/// <remarks>Messages name the field and byte offset, never field contents.</remarks>
public sealed class KubernetesProtobufException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public KubernetesProtobufException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public KubernetesProtobufException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
