using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AtRest.Tests.Shared;

/// <summary>POSIX signals for the processes the fixtures start, and the one way they stop one.</summary>
public static partial class ProcessSignals
{
    /// <summary>SIGCONT.</summary>
    public const int Continue = 18;

    /// <summary>SIGSTOP.</summary>
    public const int Stop = 19;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; 0 on success, as kill(2).</summary>
    public static int Send(int pid, int signal) => Kill(pid, signal);

    /// <summary>
    /// Stops <paramref name="process"/> gracefully: SIGCONT (a paused process cannot handle SIGTERM), SIGTERM, then
    /// SIGKILL of its whole tree when it has not exited within <paramref name="grace"/>. Disposes it.
    /// </summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            _ = Kill(process.Id, Continue);
            _ = Kill(process.Id, Terminate);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
