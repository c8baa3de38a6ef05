using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Connections cannot be parked on the server: one that never starts its TLS handshake and one idle after a request are
/// both closed by the server. Short timeouts here; the defaults are kube-apiserver's (90 s idle, 10 s handshake).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileConnectionTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);
    private readonly TempDirectory _directory = new("timeouts");
    private SqliteKeyValueStore _store = null!;
    private ServerCredentials _credentials = null!;
    private ApiServerHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        _credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(_directory.Path), ["localhost"], [IPAddress.Loopback]);
        _host = await ApiServerHost.StartAsync(new ApiServerHostOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Credentials = _credentials,
            Store = _store,
            Transformers = ResourceTransformers.IdentityOnly,
            IdleConnectionTimeout = ShortTimeout,
            TlsHandshakeTimeout = ShortTimeout,
            ConfigureLogging = _ => { },
        }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        _credentials.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Defaults_are_kube_apiservers()
    {
        var options = new ApiServerHostOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Credentials = _credentials,
            Store = _store,
            Transformers = ResourceTransformers.IdentityOnly,
        };
        Assert.Equal(400, options.MaxRequestsInflight);
        Assert.Equal(200, options.MaxMutatingRequestsInflight);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.IdleConnectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TlsHandshakeTimeout);
    }

    [Fact]
    public async Task Connection_that_never_starts_TLS_is_closed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.Url.Host, _host.Url.Port, TestContext.Current.CancellationToken);
        Assert.True(await ClosedByServerAsync(tcp.GetStream()), "the server kept a connection that never sent a byte");
    }

    [Fact]
    public async Task Idle_connection_after_a_request_is_closed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.Url.Host, _host.Url.Port, TestContext.Current.CancellationToken);
        await using var tls = new SslStream(tcp.GetStream());
        var ca = _credentials.Authority.Certificate;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, serving, _, _) =>
                serving is System.Security.Cryptography.X509Certificates.X509Certificate2 presented && ClientCertificateValidator.ChainsTo(presented, ca),
        }, TestContext.Current.CancellationToken);
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {_host.Url.Authority}\r\n\r\n"), TestContext.Current.CancellationToken);
        var response = await RawHttpResponse.ReadAsync(tls, TestContext.Current.CancellationToken);
        Assert.Equal(200, response.Code);
        Assert.True(await ClosedByServerAsync(tls), "the server kept an idle kept-alive connection open");
    }

    // True when the server ends the connection; false if it is still open long after every timeout (a hang guard, not a measurement).
    private static async Task<bool> ClosedByServerAsync(Stream stream)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromSeconds(40));
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, guard.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
