using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

public sealed class ClientCertificateValidatorTests : IDisposable
{
    private readonly CertificateAuthority _server = CertificateAuthority.Create("server-ca");
    private readonly ExternalCertificateAuthority _external = new("external-ca");
    private readonly TempDirectory _directory = new("client-ca");

    public void Dispose()
    {
        _server.Dispose();
        _external.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void A_certificate_from_a_client_CA_is_trusted_only_when_that_CA_is_given()
    {
        using var carol = _external.Issue("carol", ["auditors", "ops"], [ExternalCertificateAuthority.ClientAuth]);

        Assert.Null(new ClientCertificateValidator(_server.Certificate).Authenticate(carol));
        var user = new ClientCertificateValidator([_server.Certificate, _external.Certificate]).Authenticate(carol);
        Assert.NotNull(user);
        Assert.Equal("carol", user.Name);
        Assert.Equal(["auditors", "ops", "system:authenticated"], user.Groups);
        Assert.Equal(string.Empty, user.Uid);
    }

    [Fact]
    public void Client_authentication_usage_is_required_as_Go_checks_it()
    {
        var validator = new ClientCertificateValidator([_server.Certificate, _external.Certificate]);
        using var serverOnly = _external.Issue("srv", [], [ExternalCertificateAuthority.ServerAuth]);
        using var noUsage = _external.Issue("plain", []);
        using var any = _external.Issue("any", [], ["2.5.29.37.0"]);

        Assert.Null(validator.Authenticate(serverOnly));
        Assert.Equal("plain", validator.Authenticate(noUsage)?.Name);
        Assert.Equal("any", validator.Authenticate(any)?.Name);
    }

    [Fact]
    public void Expired_and_not_yet_valid_certificates_are_refused()
    {
        var validator = new ClientCertificateValidator([_server.Certificate, _external.Certificate]);
        using var expired = _external.Issue("late", [], [ExternalCertificateAuthority.ClientAuth], TimeSpan.FromDays(-3), TimeSpan.FromDays(1));
        using var early = _external.Issue("early", [], [ExternalCertificateAuthority.ClientAuth], TimeSpan.FromDays(2), TimeSpan.FromDays(1));
        using var fromServerCa = ExternalCertificateAuthority.IssueFromServerCa(_server, "old", [], TimeSpan.FromMinutes(-20), TimeSpan.FromMinutes(10));
        using var current = ExternalCertificateAuthority.IssueFromServerCa(_server, "current", [], TimeSpan.FromMinutes(-20), TimeSpan.FromHours(1));

        Assert.Null(validator.Authenticate(expired));
        Assert.Null(validator.Authenticate(early));
        Assert.Null(validator.Authenticate(fromServerCa));
        Assert.Equal("current", validator.Authenticate(current)?.Name);
    }

    [Fact]
    public void System_authenticated_is_added_once()
    {
        using var certificate = _server.IssueClientCertificate("dora", ["system:authenticated", "dev"]);
        var user = new ClientCertificateValidator(_server.Certificate).Authenticate(certificate);
        Assert.Equal(["system:authenticated", "dev"], user?.Groups);
    }

    [Fact]
    public void A_client_CA_bundle_holds_one_or_more_CAs()
    {
        using var second = new ExternalCertificateAuthority("second-ca");
        var path = _directory.File("bundle.pem");
        File.WriteAllText(path, _external.Pem + second.Pem);

        var bundle = ClientCaBundle.Load(path);
        Assert.Equal([_external.Certificate.Thumbprint, second.Certificate.Thumbprint], bundle.Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void A_bad_client_CA_file_is_named_with_what_is_wrong()
    {
        var empty = _directory.File("empty.pem");
        File.WriteAllText(empty, "not a certificate\n");
        Assert.Equal($"--client-ca-file {empty}: no CERTIFICATE block found (expected one or more PEM CA certificates)",
            Assert.Throws<FormatException>(() => ClientCaBundle.Load(empty)).Message);

        using var leaf = _external.Issue("leaf", []);
        var notCa = _directory.File("leaf.pem");
        File.WriteAllText(notCa, leaf.ExportCertificatePem());
        Assert.Equal($"--client-ca-file {notCa}: certificate \"CN=leaf\" is not a CA (basicConstraints CA:FALSE)",
            Assert.Throws<FormatException>(() => ClientCaBundle.Load(notCa)).Message);

        var missing = _directory.File("missing.pem");
        Assert.StartsWith($"--client-ca-file: cannot read {missing}: ",
            Assert.Throws<FormatException>(() => ClientCaBundle.Load(missing)).Message, StringComparison.Ordinal);
    }
}
