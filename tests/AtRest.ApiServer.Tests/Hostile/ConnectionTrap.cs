using System.Net;
using System.Net.Sockets;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// A TCP listener on loopback that accepts connections, counts them and never answers: the worst case for a server that
/// fetches a URL taken from a certificate, and the proof that it did (or did not) try.
/// </summary>
internal sealed class ConnectionTrap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private readonly Task _accepting;
    private int _connections;

    /// <summary>Starts listening.</summary>
    public ConnectionTrap()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>How many connections were made to the trap.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>An http URL on the trap with <paramref name="path"/>.</summary>
    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            lock (_held)
            {
                _held.Add(client);
            }
        }
    }
}
