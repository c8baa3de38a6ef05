using System.Net;
using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

[Trait("Category", "Integration")]
public sealed class ServingCertificateTests
{
    [Fact]
    public async Task Own_serving_certificate_from_tls_flags_is_served_and_trusted_by_the_kubeconfig()
    {
        using var scratch = new TempDirectory("tls-flags");
        using var corporate = CertificateAuthority.Create("corporate-ca");
        using var leaf = corporate.IssueServingCertificate("apiserver.example", ["localhost"], [IPAddress.Loopback]);
        var certificateFile = scratch.File("tls.crt");
        var keyFile = scratch.File("tls.key");
        CertificateAuthority.SaveCertificate(leaf, certificateFile, keyFile);
        // The file carries the chain, as a corporate PKI hands it out.
        File.AppendAllText(certificateFile, corporate.Certificate.ExportCertificatePem() + "\n");

        await using var server = await AtRestServer.StartAsync(scratch.File("data"),
            ["--tls-cert-file", certificateFile, "--tls-private-key-file", keyFile], TestContext.Current.CancellationToken);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "tls", "serving.crt")));

        var kubectl = new Kubectl(KubectlBinaries.Dispatcher, server.KubeconfigPath, scratch.Path);
        (await kubectl.RunAsync("create", "secret", "generic", "s1", "--from-literal", "a=b")).EnsureSuccess();
        Assert.Contains("s1", (await kubectl.RunAsync("get", "secrets")).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }
}
