using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// The real <c>atrest server</c> process in a fresh data directory, with its CA (key included, to issue certificates an
/// attacker could not) and clients that present exactly the certificate a test chooses, without ever building its chain
/// online (the client must not fetch a certificate's URLs itself, or it would be counted as the server doing it).
/// </summary>
internal sealed class HostileServerProcess : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private HostileServerProcess(TempDirectory directory, AtRestServer server, CertificateAuthority authority, X509Certificate2 admin)
    {
        _directory = directory;
        Server = server;
        Authority = authority;
        AdminCertificate = admin;
    }

    /// <summary>The server process.</summary>
    public AtRestServer Server { get; }

    /// <summary>The server's CA, with its key.</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The generated admin certificate (system:masters).</summary>
    public X509Certificate2 AdminCertificate { get; }

    /// <summary>The server's base URL.</summary>
    public Uri Url => new(Server.Url);

    /// <summary>Starts the server with <paramref name="arguments"/> after its data directory and port.</summary>
    public static async Task<HostileServerProcess> StartAsync(params string[] arguments)
    {
        var directory = new TempDirectory("hostile");
        var server = await AtRestServer.StartAsync(directory.Path, arguments, TestContext.Current.CancellationToken);
        var paths = new CredentialPaths(directory.Path);
        var authority = CertificateAuthority.Load(paths.CaCertificate, paths.CaKey);
        var admin = X509Certificate2.CreateFromPemFile(paths.AdminCertificate, paths.AdminKey);
        return new HostileServerProcess(directory, server, authority, admin);
    }

    /// <summary>An HTTP/1.1 client presenting <paramref name="certificate"/> (none when null).</summary>
    public HttpClient Client(X509Certificate2? certificate = null, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { SslOptions = ClientTls(certificate), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        return new HttpClient(handler) { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>A client authenticated as the admin.</summary>
    public HttpClient AdminClient() => Client(AdminCertificate);

    /// <summary>A raw TLS stream to the server, for requests HttpClient will not send (cut short, trickled).</summary>
    public async Task<SslStream> ConnectTlsAsync(X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Url.Host, Url.Port, cancellationToken);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = ClientTls(certificate);
        options.TargetHost = Url.Host;
        options.ApplicationProtocols = [SslApplicationProtocol.Http11];
        await tls.AuthenticateAsClientAsync(options, cancellationToken);
        return tls;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        AdminCertificate.Dispose();
        Authority.Dispose();
        _directory.Dispose();
    }

    private SslClientAuthenticationOptions ClientTls(X509Certificate2? certificate)
    {
        var ca = Authority.Certificate;
        return new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.None,
            RemoteCertificateValidationCallback = (_, serving, _, _) =>
                serving is X509Certificate2 presented && ClientCertificateValidator.ChainsTo(presented, ca),
            ClientCertificateContext = certificate is null
                ? null
                : SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        };
    }
}
