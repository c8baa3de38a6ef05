using System.ComponentModel;

namespace AtRest.Cli.Commands.Run;

/// <summary>CMD could not be executed: not found (exit 127, as a shell) or not executable (126).</summary>
internal sealed class ChildStartException : Exception
{
    /// <summary>Creates the exception for <paramref name="command"/>.</summary>
    public ChildStartException(string command, Win32Exception inner)
        : base($"cannot run {command}: {inner.Message}", inner)
    {
        // ENOENT (2) is "not found"; anything else (EACCES, ENOEXEC) is "found but not executable".
        ExitCode = inner.NativeErrorCode == 2 ? 127 : 126;
    }

    /// <summary>Creates the exception.</summary>
    public ChildStartException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChildStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChildStartException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The exit code that reports the failure.</summary>
    public int ExitCode { get; } = 126;
}
