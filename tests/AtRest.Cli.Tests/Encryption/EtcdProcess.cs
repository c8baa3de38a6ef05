using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Encryption;

/// <summary>A throw-away single-member etcd (/usr/bin/etcd) on free loopback ports, stopped and deleted on dispose.</summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;
    private readonly StringBuilder _log = new();

    private EtcdProcess(Process process, TempDirectory dir, string endpoint)
    {
        _process = process;
        _dir = dir;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static async Task<EtcdProcess> StartAsync(CancellationToken ct)
    {
        var dir = new TempDirectory("etcd");
        var client = FreePort();
        var peer = FreePort();
        var start = new ProcessStartInfo("etcd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--name", "t", "--data-dir", Path.Combine(dir.Path, "data"),
                     "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
                     "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
                     "--initial-cluster", $"t=http://127.0.0.1:{peer}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start etcd");
        var etcd = new EtcdProcess(process, dir, $"127.0.0.1:{client}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (etcd._log)
            {
                etcd._log.AppendLine(e.Data);
            }

            if (e.Data.Contains("ready to serve client requests", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(ct);
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30), ct));
        if (first != ready.Task)
        {
            var log = etcd.Log;
            await etcd.DisposeAsync();
            throw new InvalidOperationException($"etcd did not become ready; its log:\n{log}");
        }

        return etcd;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
