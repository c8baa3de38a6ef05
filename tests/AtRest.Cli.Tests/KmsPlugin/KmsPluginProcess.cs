using System.Diagnostics;
using System.Text;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// <c>atrest kms-plugin</c> as a child process (the built atrest.dll). Start-up waits for its "serving" line and fails with
/// its whole log otherwise. Stop is SIGTERM (graceful); Pause/Resume are SIGSTOP/SIGCONT, a plugin that stops answering.
/// </summary>
internal sealed class KmsPluginProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Lock _lock = new();
    private Process? _process;

    private KmsPluginProcess(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        Arguments = arguments;
        Environment = environment;
    }

    public IReadOnlyList<string> Arguments { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Log
    {
        get
        {
            lock (_lock)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<KmsPluginProcess> StartAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var plugin = new KmsPluginProcess(arguments, environment ?? new Dictionary<string, string>());
        await plugin.StartAsync();
        return plugin;
    }

    /// <summary>Runs <c>atrest kms-plugin rotate …</c> and returns the new key id.</summary>
    public static async Task<string> RotateAsync(IReadOnlyList<string> backendArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Info(["kms-plugin", "rotate", .. backendArguments], environment);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"rotate failed ({process.ExitCode}): {await stdout}{await stderr}");
        var line = await stdout;
        const string Marker = "new current key id ";
        return line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim();
    }

    public async Task StartAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = Info(["kms-plugin", .. Arguments], Environment), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("kms-plugin exited"));
        Append($"$ atrest kms-plugin {string.Join(' ', Arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"kms-plugin did not start ({e.Message}); its log:\n{Log}", e);
        }
    }

    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        await ProcessSignals.StopAsync(process, TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGKILL: a crash, which leaves the socket file behind.</summary>
    public async Task KillAsync()
    {
        var process = _process!;
        _process = null;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public void Pause() => Assert.Equal(0, ProcessSignals.Send(_process!.Id, ProcessSignals.Stop));

    public void Resume() => Assert.Equal(0, ProcessSignals.Send(_process!.Id, ProcessSignals.Continue));

    public async ValueTask DisposeAsync() => await StopAsync();

    private static ProcessStartInfo Info(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atrest.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        Append(line);
        if (line.StartsWith("atrest kms-plugin: serving", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private void Append(string line)
    {
        lock (_lock)
        {
            _log.AppendLine(line);
        }
    }
}
