namespace AtRest.Cli.Commands.Run;

/// <summary>The server answered a watch with 410 Gone: the resourceVersion was compacted away; list again.</summary>
internal sealed class ResourceVersionExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResourceVersionExpiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResourceVersionExpiredException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ResourceVersionExpiredException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
