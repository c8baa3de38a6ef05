using System.Net;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Security;
using AtRest.Cli.Commands.Kubeconfig;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Commands.Kubeconfig;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubeconfigIssuerTests : IDisposable
{
    private readonly TempDirectory _directory = new("kubeconfig-issuer");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Issues_a_certificate_from_the_data_directory_CA_for_the_user_and_groups()
    {
        var data = ServerDataDirectory();
        var output = _directory.File("out/bob.kubeconfig");
        var request = new ClientIdentityRequest("bob", ["dev", "ops"], TimeSpan.FromHours(2));

        var notAfter = KubeconfigIssuer.Issue(data, request, output, force: false, TimeProvider.System);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        var text = File.ReadAllText(output);
        var admin = KubeconfigCluster.Parse(File.ReadAllText(new CredentialPaths(data).AdminKubeconfig));
        Assert.Equal(admin, KubeconfigCluster.Parse(text));
        Assert.Contains("\n- name: bob\n", text, StringComparison.Ordinal);
        var certificate = X509Certificate2.CreateFromPem(Base64Field(text, "client-certificate-data"));
        Assert.Equal("O=dev, O=ops, CN=bob", certificate.Subject);
        Assert.Equal(notAfter, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        Assert.InRange(certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        using var authority = CertificateAuthority.Load(new CredentialPaths(data).CaCertificate, new CredentialPaths(data).CaKey);
        var user = new ClientCertificateValidator(authority.Certificate).Authenticate(certificate);
        Assert.Equal(["dev", "ops", "system:authenticated"], user?.Groups);
    }

    [Fact]
    public void Refuses_to_overwrite_unless_forced()
    {
        var data = ServerDataDirectory();
        var output = _directory.File("bob.kubeconfig");
        File.WriteAllText(output, "keep me");
        var request = new ClientIdentityRequest("bob", [], TimeSpan.FromHours(1));

        var error = Assert.Throws<KubeconfigIssueException>(() => KubeconfigIssuer.Issue(data, request, output, force: false, TimeProvider.System));
        Assert.Equal($"{output} already exists; refusing to overwrite it (use --force)", error.Message);
        Assert.Equal("keep me", File.ReadAllText(output));
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp"));

        KubeconfigIssuer.Issue(data, request, output, force: true, TimeProvider.System);
        Assert.StartsWith("apiVersion: v1\n", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_directory_without_a_server_is_named()
    {
        var empty = _directory.File("empty");
        Directory.CreateDirectory(empty);
        var request = new ClientIdentityRequest("bob", [], TimeSpan.FromHours(1));
        var error = Assert.Throws<KubeconfigIssueException>(() =>
            KubeconfigIssuer.Issue(empty, request, _directory.File("x.kubeconfig"), force: false, TimeProvider.System));
        Assert.Equal($"no server CA in {Path.Combine(empty, "tls")} (ca.crt and ca.key): start `atrest server --data-dir {empty}` once to create it",
            error.Message);
        Assert.False(File.Exists(_directory.File("x.kubeconfig")));
    }

    [Fact]
    public void A_lifetime_past_the_CA_is_refused()
    {
        var data = ServerDataDirectory();
        var request = new ClientIdentityRequest("bob", [], TimeSpan.FromDays(365 * 20));
        var error = Assert.Throws<KubeconfigIssueException>(() =>
            KubeconfigIssuer.Issue(data, request, _directory.File("x.kubeconfig"), force: false, TimeProvider.System));
        Assert.StartsWith("--expires 175200h would outlive the server CA, which expires ", error.Message, StringComparison.Ordinal);
    }

    // What a first server start leaves: the CA, the admin certificate and the admin kubeconfig.
    private string ServerDataDirectory()
    {
        var data = _directory.File($"data-{Guid.NewGuid():N}");
        using var credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(data), ["localhost"], [IPAddress.Loopback]);
        credentials.WriteAdminKubeconfig("https://127.0.0.1:6443");
        return data;
    }

    private static string Base64Field(string text, string field) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            text.Split('\n').Single(line => line.TrimStart().StartsWith(field + ":", StringComparison.Ordinal)).Split(':')[1].Trim()));
}
