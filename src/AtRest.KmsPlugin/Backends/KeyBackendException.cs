namespace AtRest.KmsPlugin.Backends;

/// <summary>A backend could not do what was asked; the message names the problem, never key material.</summary>
internal sealed class KeyBackendException : Exception
{
    public KeyBackendException(string message)
        : base(message)
    {
    }

    public KeyBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
