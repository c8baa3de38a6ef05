namespace AtRest.Cli.Commands.Run;

/// <summary>A reference that cannot be satisfied (missing object or key, bad mode or path); the message names it.</summary>
internal sealed class DeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DeliveryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeliveryException()
    {
    }
}
