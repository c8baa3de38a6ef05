using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// A request whose body is sent a little at a time over a raw TLS connection (fast enough for Kestrel's minimum data
/// rate), so it stays in flight until the server answers or the test stops it.
/// </summary>
internal sealed class TrickledRequest : IAsyncDisposable
{
    private const int DeclaredLength = 3 * 1024 * 1024;
    private readonly SslStream _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;

    private TrickledRequest(SslStream stream)
    {
        _stream = stream;
        _sending = SendAsync();
    }

    /// <summary>The server's answer, once it gives one.</summary>
    public Task<RawHttpResponse> Response { get; private set; } = null!;

    /// <summary>Starts <paramref name="method"/> <paramref name="path"/> with a 3 MiB body, trickled at 10 KB/s.</summary>
    public static async Task<TrickledRequest> StartAsync(HostileServerProcess server, X509Certificate2 certificate, string method, string path)
    {
        var stream = await server.ConnectTlsAsync(certificate, TestContext.Current.CancellationToken);
        var headers = $"{method} {path} HTTP/1.1\r\nHost: {server.Url.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {DeclaredLength}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), TestContext.Current.CancellationToken);
        var request = new TrickledRequest(stream);
        request.Response = RawHttpResponse.ReadAsync(stream, TestContext.Current.CancellationToken);
        return request;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sending;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped, or the server closed the connection.
        }

        await _stream.DisposeAsync();
        _stop.Dispose();
    }

    private async Task SendAsync()
    {
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024));
        while (!_stop.IsCancellationRequested)
        {
            await _stream.WriteAsync(chunk, _stop.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), _stop.Token);
        }
    }
}
