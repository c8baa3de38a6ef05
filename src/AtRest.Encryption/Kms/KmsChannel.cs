using System.Net.Sockets;
using Grpc.Net.Client;

namespace AtRest.Encryption.Kms;

/// <summary>An insecure HTTP/2 gRPC channel to a plugin's unix socket, with <c>:authority</c> = <c>localhost</c> as upstream dials it.</summary>
internal static class KmsChannel
{
    public static GrpcChannel Open(string endpoint)
    {
        var address = KmsEndpoint.Parse(endpoint);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // A restarted plugin is a new server: do not keep a dead connection around for long.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
