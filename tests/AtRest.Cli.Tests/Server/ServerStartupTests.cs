using System.Security.Cryptography.X509Certificates;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

[Trait("Category", "Integration")]
public sealed class ServerStartupTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _scratch = new("server");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task First_start_creates_credentials_and_a_secretbox_config_with_mode_0600_and_the_second_reuses_them()
    {
        var data = _scratch.File("data");
        string[] files =
        [
            "tls/ca.crt", "tls/ca.key", "tls/serving.crt", "tls/serving.key", "tls/client-admin.crt", "tls/client-admin.key",
            "admin.kubeconfig", "token", "encryption-config.yaml",
        ];
        Dictionary<string, byte[]> first;
        await using (var server = await AtRestServer.StartAsync(data, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Contains($"export KUBECONFIG={Path.Combine(data, "admin.kubeconfig")}", server.Log, StringComparison.Ordinal);
            Assert.Contains($"generated an encryption configuration with a new secretbox key for secrets: {Path.Combine(data, "encryption-config.yaml")}",
                server.Log, StringComparison.Ordinal);
            foreach (var file in files)
            {
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, file)));
            }

            var config = File.ReadAllText(Path.Combine(data, "encryption-config.yaml"));
            Assert.Contains("- secretbox:", config, StringComparison.Ordinal);
            var key = config.Split("secret:")[1].Split('\n')[0].Trim();
            Assert.Equal(32, Convert.FromBase64String(key).Length);
            Assert.DoesNotContain(key, server.Log, StringComparison.Ordinal);
            Assert.Contains($"server: {server.Url}", File.ReadAllText(server.KubeconfigPath), StringComparison.Ordinal);
            first = files.ToDictionary(file => file, file => File.ReadAllBytes(Path.Combine(data, file)));
        }

        await using (var again = await AtRestServer.StartAsync(data, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Contains("encrypting secrets with the configuration in", again.Log, StringComparison.Ordinal);
            foreach (var file in files.Where(file => file != "admin.kubeconfig"))
            {
                Assert.True(first[file].AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(data, file))), $"{file} changed on the second start");
            }

            Assert.Contains($"server: {again.Url}", File.ReadAllText(again.KubeconfigPath), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serving_certificate_names_loopback_and_localhost_and_chains_to_the_CA()
    {
        var data = _scratch.File("data");
        await using var server = await AtRestServer.StartAsync(data, ["--bind-address", "127.0.0.1"], TestContext.Current.CancellationToken);
        using var serving = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(data, "tls", "serving.crt")));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(data, "tls", "ca.crt")));
        var names = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        Assert.Equal(ca.Subject, serving.Issuer);
        using var admin = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(data, "tls", "client-admin.crt")));
        Assert.Equal("O=system:masters, CN=admin", admin.Subject);
    }

    [Theory]
    [InlineData("--encryption-provider-config-automatic-reload must be set with --encryption-provider-config", "--encryption-provider-config-automatic-reload")]
    [InlineData("invalid argument \"nope\" for \"--bind-address\" flag: failed to parse IP: \"nope\"", "--bind-address", "nope")]
    [InlineData("--secure-port 70000 must be between 0 and 65535, inclusive", "--secure-port", "70000")]
    [InlineData("--tls-cert-file and --tls-private-key-file must be specified together", "--tls-cert-file", "/etc/hostname")]
    [InlineData("--encryption-provider-config: file \"/no/such/file.yaml\" does not exist", "--encryption-provider-config", "/no/such/file.yaml")]
    public async Task Bad_flags_are_refused_with_kube_apiserver_texts(string message, params string[] flags)
    {
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(["server", "--data-dir", _scratch.File("data"), .. flags], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_encryption_config_stops_start_up_without_printing_the_key()
    {
        var config = _scratch.File("bad.yaml");
        File.WriteAllText(config, """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - aescbc:
                      keys:
                        - name: key1
                          secret: c2hvcnRrZXk=
            """);
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(["server", "--data-dir", _scratch.File("data"), "--encryption-provider-config", config],
            TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Contains("Error: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnRrZXk=", stderr, StringComparison.Ordinal);
    }
}
