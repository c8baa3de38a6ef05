namespace AtRest.Cli.Commands.Kubeconfig;

/// <summary><c>atrest kubeconfig</c> cannot issue or write; the message says what is missing or wrong.</summary>
internal sealed class KubeconfigIssueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubeconfigIssueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public KubeconfigIssueException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
