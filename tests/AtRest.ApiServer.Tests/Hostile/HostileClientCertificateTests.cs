using System.Net;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// A client certificate is attacker-controlled input before authentication: its AIA caIssuers, OCSP and CRL URLs must
/// never make the server connect anywhere (blind SSRF, and a listener that never answers would hold each request).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileClientCertificateTests : IAsyncLifetime
{
    private HostileServerProcess _server = null!;
    private ConnectionTrap _trap = null!;

    public async ValueTask InitializeAsync()
    {
        _trap = new ConnectionTrap();
        _server = await HostileServerProcess.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _trap.DisposeAsync();
    }

    [Fact]
    public async Task Certificate_from_a_foreign_CA_with_URLs_is_refused_401_without_any_connection()
    {
        using var attacker = CertificateAuthority.Create("attacker");
        using var certificate = TrapCertificates.Issue(attacker.Certificate, _trap);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A new connection each time: the chain is checked once per TLS connection.
            using var fresh = _server.Client(certificate);
            using var response = await fresh.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.True(_trap.Connections == 0,
            $"the server connected {_trap.Connections} time(s) to a URL named in a client certificate. Server log:\n{_server.Server.Log}");
    }

    [Fact]
    public async Task Certificate_from_the_server_CA_with_URLs_is_accepted_without_any_connection()
    {
        using var certificate = TrapCertificates.Issue(_server.Authority.Certificate, _trap);
        using var client = _server.Client(certificate);
        using var response = await client.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_trap.Connections == 0,
            $"the server connected {_trap.Connections} time(s) to a URL named in a client certificate. Server log:\n{_server.Server.Log}");
    }
}
