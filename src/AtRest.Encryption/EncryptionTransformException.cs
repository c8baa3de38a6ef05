namespace AtRest.Encryption;

/// <summary>
/// A value could not be transformed to or from its stored form. <see cref="Exception.Message"/> is the
/// kube-apiserver text (for example <c>no matching prefix found</c>); it never contains key material.
/// </summary>
public sealed class EncryptionTransformException : Exception
{
    /// <summary>Creates the exception with the upstream-style message.</summary>
    public EncryptionTransformException(string message)
        : base(message)
    {
    }

    /// <summary>The gRPC code name when a KMS plugin call failed (<c>DeadlineExceeded</c>, <c>Unavailable</c>); otherwise null.</summary>
    public string? GrpcStatus { get; init; }

    /// <summary>The provider prefix that tried and failed to read the value; null when none matched.</summary>
    public string? Provider { get; init; }

    /// <summary>Creates the exception with the upstream-style message and the cause.</summary>
    public EncryptionTransformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
