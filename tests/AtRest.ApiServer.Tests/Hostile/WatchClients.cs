using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// HTTP/1.1 clients of a real <c>atrest server</c> process that trust its CA and send its bearer token, optionally on
/// sockets with a tiny receive buffer, so that a watch the test does not read fills up at once instead of being
/// absorbed by the kernel.
/// </summary>
internal static class WatchClients
{
    /// <summary>A client; each watch request it sends gets its own connection.</summary>
    /// <param name="server">The server process.</param>
    /// <param name="receiveBufferBytes">SO_RCVBUF of its sockets (set before connecting); the system default when null.</param>
    public static HttpClient Create(AtRestServer server, int? receiveBufferBytes = null)
    {
        var paths = new CredentialPaths(server.DataDirectory);
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(paths.CaCertificate));
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, serving, _, _) =>
                    serving is X509Certificate2 presented && ClientCertificateValidator.ChainsTo(presented, authority),
            },
        };
        if (receiveBufferBytes is { } size)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = size };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(server.Url.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(paths.Token).Trim());
        return client;
    }

    /// <summary>Starts a watch and returns once its headers arrived; the body is left unread.</summary>
    public static async Task<HttpResponseMessage> StartWatchAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return response;
    }
}
