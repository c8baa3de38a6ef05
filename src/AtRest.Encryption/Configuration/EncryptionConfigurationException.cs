namespace AtRest.Encryption.Configuration;

/// <summary>
/// An encryption configuration could not be loaded. <see cref="Exception.Message"/> is the full kube-apiserver-style
/// text, e.g. <c>error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded</c>.
/// It never contains key material.
/// </summary>
public sealed class EncryptionConfigurationException : Exception
{
    /// <summary>Creates the exception with its full message.</summary>
    public EncryptionConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its full message and cause.</summary>
    public EncryptionConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
