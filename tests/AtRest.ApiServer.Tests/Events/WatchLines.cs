using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace AtRest.ApiServer.Tests.Events;

/// <summary>The stdout lines of a running <c>kubectl get -w</c>, read in the background until the test stops it.</summary>
internal sealed class WatchLines : IAsyncDisposable
{
    private static readonly TimeSpan LineDeadline = TimeSpan.FromSeconds(60);
    private readonly Process _watch;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reader;
    private readonly StringBuilder _seen = new();

    public WatchLines(Process watch)
    {
        _watch = watch;
        _reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                await _lines.Writer.WriteAsync(line, CancellationToken.None);
            }

            _lines.Writer.Complete();
        });
    }

    /// <summary>The first line from now on that <paramref name="match"/> accepts; fails the test with the output when none comes.</summary>
    public async Task<string> UntilAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(LineDeadline);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                _seen.AppendLine(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var stderr = _watch.HasExited ? await _watch.StandardError.ReadToEndAsync(CancellationToken.None) : "(still running)";
            Assert.Fail($"kubectl get -w did not print the expected line. stdout so far:\n{_seen}\nstderr: {stderr}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Kill(entireProcessTree: true);
        await _watch.WaitForExitAsync(CancellationToken.None);
        await _reader;
        _watch.Dispose();
    }
}
