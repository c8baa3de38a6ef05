using System.Net;
using System.Net.Sockets;

namespace AtRest.Cli.Commands.Server;

/// <summary>
/// Binds the serving address once, before anything is created, so that a port in use stops start-up with one line
/// and an untouched data directory. The socket is closed at once (it never listened, so nothing lingers) and the
/// server binds for real later; another process can only take the port in that moment.
/// </summary>
internal static class PortProbe
{
    /// <exception cref="ServerStartupException">The address cannot be bound; in kube-apiserver's words.</exception>
    public static void EnsureFree(IPAddress address, int port)
    {
        if (port == 0)
        {
            return;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e)
        {
            var endpoint = new IPEndPoint(address, port).ToString();
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "address already in use",
                SocketError.AccessDenied => "permission denied",
                SocketError.AddressNotAvailable => "cannot assign requested address",
                _ => e.Message,
            };
            throw new ServerStartupException($"failed to create listener: failed to listen on {endpoint}: listen tcp {endpoint}: bind: {why}", e);
        }
    }
}
