using System.Diagnostics;
using System.Text;
using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>
/// The real built <c>atrest</c> (<c>run</c> or <c>agent</c>) as a child process: its stdout and stderr are collected
/// line by line, it can be signalled, and every wait fails with everything it printed.
/// </summary>
public sealed class AtrestChild : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private AtrestChild(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The arguments, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>What the child (and CMD, which shares it) printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>What atrest printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Both streams, for failure messages.</summary>
    public string Transcript => $"$ atrest {CommandLine}\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}";

    /// <summary>Starts <c>atrest</c> with <paramref name="arguments"/>; KUBECONFIG is <paramref name="kubeconfigVariable"/> (unset when null).</summary>
    public static AtrestChild Start(IEnumerable<string> arguments, string? kubeconfigVariable = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atrest.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        if (kubeconfigVariable is not null)
        {
            info.Environment["KUBECONFIG"] = kubeconfigVariable;
        }

        var process = new Process { StartInfo = info };
        var child = new AtrestChild(process, string.Join(' ', info.ArgumentList.Skip(1)));
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>atrest</c> to its end and returns it.</summary>
    public static async Task<AtrestChild> RunAsync(IEnumerable<string> arguments, string? kubeconfigVariable = null)
    {
        var child = Start(arguments, kubeconfigVariable);
        await child.WaitForExitAsync();
        return child;
    }

    /// <summary>The exit code; the child must have exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Sends a signal to atrest itself.</summary>
    public void Signal(int signal) => Assert.True(Native.Signal(_process.Id, signal), $"could not signal atrest\n{Transcript}");

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"atrest did not exit within {Patience.TotalSeconds} s\n{Transcript}");
        }

        // WaitForExitAsync returns after the redirected streams reached their end.
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing with the transcript.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Patience)
            {
                Assert.Fail($"timed out waiting for {what}\n{Transcript}");
            }

            if (_process.HasExited && !condition())
            {
                await Task.Delay(200);
                if (!condition())
                {
                    Assert.Fail($"atrest exited ({_process.ExitCode}) before {what}\n{Transcript}");
                }
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>.</summary>
    public Task WaitForStdoutAsync(string text) => WaitUntilAsync(() => Stdout.Contains(text, StringComparison.Ordinal), $"stdout to contain {text}");

    /// <summary>Waits until stderr contains <paramref name="text"/>.</summary>
    public Task WaitForStderrAsync(string text) => WaitUntilAsync(() => Stderr.Contains(text, StringComparison.Ordinal), $"stderr to contain {text}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.Append(line).Append('\n');
        }
    }
}
