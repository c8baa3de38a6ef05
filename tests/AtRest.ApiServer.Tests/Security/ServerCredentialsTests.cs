using System.Net;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

public sealed class ServerCredentialsTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Second_load_reuses_everything()
    {
        var paths = new CredentialPaths(_directory.Path);
        using var first = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]);
        using var second = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]);
        Assert.Equal(first.Authority.Certificate.Thumbprint, second.Authority.Certificate.Thumbprint);
        Assert.Equal(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.Equal(first.AdminCertificate.Thumbprint, second.AdminCertificate.Thumbprint);
        Assert.Equal(first.Token, second.Token);
        Assert.Matches("^[0-9a-f]{64}$", first.Token);
    }

    [Fact]
    public void New_bind_address_reissues_only_the_serving_certificate()
    {
        var paths = new CredentialPaths(_directory.Path);
        using var first = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]);
        var other = IPAddress.Parse("127.0.0.2");
        using var second = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback, other]);
        Assert.Equal(first.Authority.Certificate.Thumbprint, second.Authority.Certificate.Thumbprint);
        Assert.NotEqual(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.Contains(other, second.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses());
        Assert.True(ClientCertificateValidator.ChainsTo(second.ServingCertificate, second.Authority.Certificate));
        Assert.Equal(first.AdminCertificate.Thumbprint, second.AdminCertificate.Thumbprint);
    }

    [Fact]
    public void Replaced_CA_reissues_the_certificates_it_signs()
    {
        var paths = new CredentialPaths(_directory.Path);
        using var first = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]);
        File.Delete(paths.CaCertificate);
        File.Delete(paths.CaKey);
        using var second = ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]);
        Assert.NotEqual(first.Authority.Certificate.Thumbprint, second.Authority.Certificate.Thumbprint);
        Assert.True(ClientCertificateValidator.ChainsTo(second.ServingCertificate, second.Authority.Certificate));
        Assert.True(ClientCertificateValidator.ChainsTo(second.AdminCertificate, second.Authority.Certificate));
        Assert.Equal(AuthenticatedUser.Admin.Name, new ClientCertificateValidator(second.Authority.Certificate).Authenticate(second.AdminCertificate)?.Name);
    }

    [Fact]
    public void Kubeconfig_embeds_the_CA_and_the_admin_certificate()
    {
        using var credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(_directory.Path), ["localhost"], [IPAddress.Loopback]);
        credentials.WriteAdminKubeconfig("https://127.0.0.1:6443");
        var text = File.ReadAllText(credentials.Paths.AdminKubeconfig);
        Assert.Contains("    server: https://127.0.0.1:6443\n", text, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials.Authority.Certificate.ExportCertificatePem() + "\n")), text, StringComparison.Ordinal);
        Assert.Contains("client-key-data: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_CA_file_is_reported_with_its_path()
    {
        var paths = new CredentialPaths(_directory.Path);
        using (ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]))
        {
        }

        File.WriteAllText(paths.CaKey, "not a key");
        var error = Assert.Throws<InvalidOperationException>(() => ServerCredentials.LoadOrCreate(paths, ["localhost"], [IPAddress.Loopback]));
        Assert.Contains(paths.CaCertificate, error.Message, StringComparison.Ordinal);
    }
}
