using System.ComponentModel;
using System.Diagnostics;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// CMD as a child sharing our stdin, stdout and stderr, with extra environment variables. Exit codes follow the
/// shell: a child killed by signal N exits 128+N.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="command"/> with our environment plus <paramref name="environment"/>.</summary>
    /// <exception cref="ChildStartException">CMD cannot be executed.</exception>
    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        try
        {
            return new ChildProcess(Process.Start(info) ?? throw new Win32Exception($"{command[0]} did not start"));
        }
        catch (Win32Exception e)
        {
            throw new ChildStartException(command[0], e);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the child, if it still runs.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            Native.Signal(_process.Id, signal);
        }
    }

    /// <summary>Waits for the child and returns its exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL when the child has not exited after <paramref name="grace"/>, as kubelet stops a container.</summary>
    public async Task<int> StopAsync(TimeSpan grace, TimeProvider time)
    {
        Signal(Native.SigTerm);
        using var timeout = new CancellationTokenSource(grace, time);
        try
        {
            return await WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Signal(Native.SigKill);
            return await WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
