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

    /// <summary>Creates the exception with the upstream-style message and the cause.</summary>
    public EncryptionTransformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
