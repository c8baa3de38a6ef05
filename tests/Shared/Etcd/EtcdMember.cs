using System.Diagnostics;

namespace AtRest.Tests.Shared.Etcd;

/// <summary>
/// One real etcd process. Keeps the tail of its log for failure messages and can be killed (SIGKILL) and started
/// again on the same data dir and ports.
/// </summary>
public sealed class EtcdMember : IDisposable
{
    private const int LogLines = 400;
    private static readonly HashSet<EtcdMember> Running = [];
    private static int _exitHookInstalled;
    private readonly Queue<string> _log = new();
    private readonly Lock _logLock = new();
    private Process? _process;
    private bool _started;

    /// <summary>Wraps a member that is not started yet.</summary>
    public EtcdMember(EtcdMemberConfig config) => Config = config;

    /// <summary>How the member is started.</summary>
    public EtcdMemberConfig Config { get; }

    /// <summary>The member's client URL, e.g. http://127.0.0.1:41234.</summary>
    public string ClientUrl => Config.ClientUrl;

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines etcd wrote, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the process (as a new member the first time, as an existing one afterwards); does not wait.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"etcd member {Config.Name} is already running");
        }

        var info = new ProcessStartInfo(EtcdBinary.Server)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Config.Arguments(existing: _started))
        {
            info.ArgumentList.Add(argument);
        }

        AppendLog($"$ {info.FileName} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _started = true;
        TrackRunning(this, running: true);
    }

    /// <summary>Kills the process with SIGKILL, as a crash would, and waits for it to be gone.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped.
        }

        process.Dispose();
        _process = null;
        TrackRunning(this, running: false);
    }

    /// <summary>
    /// Sends SIGSTOP: the member keeps its sockets open and answers nothing, as a hung member or one partitioned after
    /// the handshake does; <see cref="Thaw"/> lets it go on (SIGKILL on disposal ends a frozen member too).
    /// </summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Sends SIGCONT to a member stopped by <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>Waits until the member answers a health request, or throws with its log.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var client = EtcdHttp.CreateClient(Config.Tls);
        var deadline = Stopwatch.StartNew();
        string lastProblem = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw Failure($"etcd member {Config.Name} exited during start-up (exit code {_process?.ExitCode.ToString() ?? "unknown"})");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                var body = await client.GetStringAsync($"{ClientUrl}/health", attempt.Token);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }

                lastProblem = $"/health answered {body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw Failure($"etcd member {Config.Name} at {ClientUrl} was not healthy within {timeout.TotalSeconds:0} s ({lastProblem})");
    }

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException($"etcd member {Config.Name} is not running");
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Whether the log shows that a port was taken by someone else (callers then retry with new ports).</summary>
    public bool FailedOnPortInUse => Log.Contains("address already in use", StringComparison.Ordinal);

    /// <summary>An exception carrying the member's log.</summary>
    public InvalidOperationException Failure(string message) =>
        new($"{message}\n--- etcd {Config.Name} log (last {LogLines} lines) ---\n{Log}");

    /// <inheritdoc />
    public void Dispose() => Kill();

    // A test that forgets to dispose its server must not leave etcd running after the test process ends.
    private static void TrackRunning(EtcdMember member, bool running)
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                EtcdMember[] leftovers;
                lock (Running)
                {
                    leftovers = [.. Running];
                }

                foreach (var leftover in leftovers)
                {
                    leftover.Kill();
                }
            };
        }

        lock (Running)
        {
            if (running)
            {
                Running.Add(member);
            }
            else
            {
                Running.Remove(member);
            }
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }
    }
}
