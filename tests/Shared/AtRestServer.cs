using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AtRest.Tests.Shared;

/// <summary>
/// The real <c>atrest server</c> as a child process (the built atrest.dll) on a free port with its own data directory.
/// Start-up waits for the <c>export KUBECONFIG=</c> line and fails with the server's whole log when it does not come.
/// The log (stdout and stderr) is kept for assertions and failure messages.
/// </summary>
public sealed partial class AtRestServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private Action<string>? _onOutput;

    private AtRestServer(string dataDirectory, IReadOnlyList<string> arguments)
    {
        DataDirectory = dataDirectory;
        Arguments = arguments;
    }

    /// <summary>The server's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The flags after <c>server</c> (besides <c>--data-dir</c> and <c>--secure-port 0</c>).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The URL the server printed, e.g. <c>https://127.0.0.1:40123</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The running server's process id (its memory is read from <c>/proc/&lt;pid&gt;/status</c>).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the atrest server is not running");

    /// <summary>The generated admin kubeconfig.</summary>
    public string KubeconfigPath => Path.Combine(DataDirectory, "admin.kubeconfig");

    /// <summary>Everything the server printed so far, across restarts.</summary>
    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The built atrest.dll next to the test assembly.</summary>
    public static string AtrestDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "atrest.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException($"atrest.dll is not beside the tests in {AppContext.BaseDirectory}; the test project must reference AtRest.Cli");
        }
    }

    /// <summary>Starts <c>atrest server --secure-port 0 --data-dir <paramref name="dataDirectory"/></c> plus <paramref name="arguments"/>.</summary>
    public static async Task<AtRestServer> StartAsync(string dataDirectory, IEnumerable<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        var server = new AtRestServer(dataDirectory, (arguments ?? []).ToArray());
        await server.StartProcessAsync(server.Arguments, cancellationToken);
        return server;
    }

    /// <summary>
    /// Starts as <see cref="StartAsync(string, IEnumerable{string}?, CancellationToken)"/> does, and hands every line the
    /// server prints to <paramref name="onOutput"/> as it comes, so a test can act on what a start still in progress says.
    /// </summary>
    public static async Task<AtRestServer> StartAsync(string dataDirectory, IEnumerable<string>? arguments, Action<string> onOutput, CancellationToken cancellationToken = default)
    {
        var server = new AtRestServer(dataDirectory, (arguments ?? []).ToArray()) { _onOutput = onOutput };
        await server.StartProcessAsync(server.Arguments, cancellationToken);
        return server;
    }

    /// <summary>Runs <c>atrest</c> with <paramref name="arguments"/> to completion (e.g. <c>etcdctl get ...</c>).</summary>
    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunCliAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AtrestDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await copy;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    /// <summary>Stops the server (SIGTERM, then SIGKILL after 10 s) and starts it again with <paramref name="arguments"/> (the same flags when null).</summary>
    public async Task RestartAsync(IEnumerable<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartProcessAsync((arguments ?? Arguments).ToArray(), cancellationToken);
    }

    /// <summary>Stops the server: SIGTERM, then SIGKILL when it has not exited within 10 s.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        await ProcessSignals.StopAsync(process, TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartProcessAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[AtrestDll, "server", "--secure-port", "0", "--data-dir", DataDirectory, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        Append($"$ dotnet {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        string? url = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                url = match.Groups[1].Value;
            }

            if (e.Data.StartsWith("export KUBECONFIG=", StringComparison.Ordinal) && url is not null)
            {
                ready.TrySetResult(url);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("atrest server exited during start-up"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            Url = await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await StopAsync();
            throw new InvalidOperationException($"atrest server did not start ({e.Message}). Its log:\n{Log}", e);
        }
    }

    private void Append(string line)
    {
        lock (_logLock)
        {
            _log.Append(line).Append('\n');
        }

        _onOutput?.Invoke(line);
    }

    [GeneratedRegex(@"listening on (https://\S+)")]
    private static partial Regex ListeningLine();
}
