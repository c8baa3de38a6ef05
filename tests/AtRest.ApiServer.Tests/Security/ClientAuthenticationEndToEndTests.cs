using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AtRest.ApiServer.Security;
using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// Users other than the admin, against the real server process over real TLS with the real kubectl: certificates from
/// the server's CA (issued by <c>atrest kubeconfig</c>) and from an external <c>--client-ca-file</c> CA, and
/// <c>--token-auth-file</c> tokens. Each is who <c>kubectl auth whoami</c> says and is forbidden on secrets (no RBAC yet);
/// every refused credential gets kube-apiserver's 401 Status.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClientAuthenticationEndToEndTests(ClientAuthenticationServer fixture) : IClassFixture<ClientAuthenticationServer>
{
    private const string UnauthorizedBody =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}\n";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CredentialPaths Paths => new(fixture.Server.DataDirectory);

    [Fact]
    public async Task Kubeconfig_command_writes_a_0600_kubeconfig_that_kubectl_uses_and_never_prints_the_key()
    {
        var scratch = fixture.NewScratch("alice");
        var file = Path.Combine(scratch, "alice.kubeconfig");
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(
            ["kubeconfig", "--user", "alice", "--group", "dev", "--group", "ops", "--expires", "2h", "--data-dir", fixture.Server.DataDirectory, "-o", file], Cancel);
        var printed = System.Text.Encoding.UTF8.GetString(stdout) + stderr;
        Assert.True(exit == 0, printed);
        Assert.Contains($"atrest: wrote {file} for user alice (groups dev, ops)", printed, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var keyData = File.ReadAllLines(file).Single(line => line.Contains("client-key-data:", StringComparison.Ordinal)).Split(':')[1].Trim();
        Assert.DoesNotContain(keyData, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", printed, StringComparison.Ordinal);

        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, file, scratch);
        var whoami = (await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
        Assert.Matches(@"Username\s+alice\n", whoami);
        Assert.Matches(@"Groups\s+\[dev ops system:authenticated\]", whoami);
        await AssertForbiddenOnSecretsAsync(kubectl, "alice");

        var again = await AtRestServer.RunCliAsync(
            ["kubeconfig", "--user", "alice", "--data-dir", fixture.Server.DataDirectory, "-o", file], Cancel);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"Error: {file} already exists; refusing to overwrite it (use --force)\n", again.Stderr);
        Assert.Contains(keyData, await File.ReadAllTextAsync(file, Cancel), StringComparison.Ordinal);

        var forced = await AtRestServer.RunCliAsync(
            ["kubeconfig", "--user", "alice", "--data-dir", fixture.Server.DataDirectory, "-o", file, "--force"], Cancel);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.DoesNotContain(keyData, await File.ReadAllTextAsync(file, Cancel), StringComparison.Ordinal);
        Assert.Matches(@"Groups\s+\[system:authenticated\]", (await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task Kubeconfig_command_quotes_a_user_name_YAML_would_misread()
    {
        var scratch = fixture.NewScratch("node");
        var file = Path.Combine(scratch, "node.kubeconfig");
        var issued = await AtRestServer.RunCliAsync(
            ["kubeconfig", "--user", "system:node:n1 #1", "--group", "system:nodes", "--data-dir", fixture.Server.DataDirectory, "-o", file], Cancel);
        Assert.True(issued.ExitCode == 0, issued.Stderr);
        Assert.Contains("\n- name: \"system:node:n1 #1\"\n", await File.ReadAllTextAsync(file, Cancel), StringComparison.Ordinal);

        var whoami = (await new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, file, scratch).RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
        Assert.Matches(@"Username\s+system:node:n1 #1\n", whoami);
        Assert.Matches(@"Groups\s+\[system:nodes system:authenticated\]", whoami);
    }

    [Fact]
    public async Task Certificate_from_the_client_CA_file_is_authenticated()
    {
        var scratch = fixture.NewScratch("carol");
        using var carol = fixture.External.Issue("carol", ["auditors"], [ExternalCertificateAuthority.ClientAuth]);
        var file = Path.Combine(scratch, "carol.kubeconfig");
        var cluster = KubeconfigCluster.Parse(await File.ReadAllTextAsync(Paths.AdminKubeconfig, Cancel));
        await File.WriteAllTextAsync(file, KubeconfigWriter.Build(cluster.Server, cluster.CertificateAuthorityPem, carol, "carol"), Cancel);

        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, file, scratch);
        using var json = JsonDocument.Parse((await kubectl.RunAsync("auth", "whoami", "-o", "json")).EnsureSuccess().Stdout);
        var userInfo = json.RootElement.GetProperty("status").GetProperty("userInfo");
        Assert.Equal("carol", userInfo.GetProperty("username").GetString());
        Assert.Equal(["auditors", "system:authenticated"], userInfo.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
        Assert.False(userInfo.TryGetProperty("uid", out _));
        await AssertForbiddenOnSecretsAsync(kubectl, "carol");
    }

    [Fact]
    public async Task Token_file_users_are_who_the_file_says_with_uid_and_groups()
    {
        var scratch = fixture.NewScratch("tokens");
        var tina = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, await TokenKubeconfigAsync(scratch, "tina", ClientAuthenticationServer.TinaToken), scratch);
        using (var json = JsonDocument.Parse((await tina.RunAsync("auth", "whoami", "-o", "json")).EnsureSuccess().Stdout))
        {
            var userInfo = json.RootElement.GetProperty("status").GetProperty("userInfo");
            Assert.Equal("tina", userInfo.GetProperty("username").GetString());
            Assert.Equal("uid-tina-42", userInfo.GetProperty("uid").GetString());
            Assert.Equal(["readers", "system:auditors", "system:authenticated"],
                userInfo.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
        }

        var table = (await tina.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
        Assert.Matches(@"UID\s+uid-tina-42\n", table);
        await AssertForbiddenOnSecretsAsync(tina, "tina");

        var uma = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, await TokenKubeconfigAsync(scratch, "uma", ClientAuthenticationServer.UmaToken), scratch);
        var umaTable = (await uma.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
        Assert.Matches(@"Username\s+uma\n", umaTable);
        Assert.Matches(@"Groups\s+\[system:authenticated\]", umaTable);

        Assert.Contains(
            $"atrest: warning: empty token has been found in token file '{fixture.TokenFile}', record number '3' (line 3)",
            fixture.Server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientAuthenticationServer.TinaToken, fixture.Server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_token_still_authenticates_as_admin()
    {
        var token = (await File.ReadAllTextAsync(Paths.Token, Cancel)).Trim();
        using var client = Client(certificate: null, token);
        using var response = await client.GetAsync("/api/v1/namespaces/default/secrets", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("unknown token")]
    [InlineData("token of another user with one character more")]
    [InlineData("expired certificate from the server CA")]
    [InlineData("expired certificate from the client CA")]
    [InlineData("certificate from an unknown CA")]
    [InlineData("server-only certificate from the client CA")]
    public async Task Refused_credentials_get_kube_401_even_on_public_paths(string what)
    {
        using var stranger = new ExternalCertificateAuthority("stranger");
        using var authority = CertificateAuthority.Load(Paths.CaCertificate, Paths.CaKey);
        using var certificate = what switch
        {
            "expired certificate from the server CA" =>
                ExternalCertificateAuthority.IssueFromServerCa(authority, "old", ["dev"], TimeSpan.FromMinutes(-20), TimeSpan.FromMinutes(10)),
            "expired certificate from the client CA" =>
                fixture.External.Issue("old", [], [ExternalCertificateAuthority.ClientAuth], TimeSpan.FromDays(-3), TimeSpan.FromDays(1)),
            "certificate from an unknown CA" => stranger.Issue("admin", ["system:masters"], [ExternalCertificateAuthority.ClientAuth]),
            "server-only certificate from the client CA" => fixture.External.Issue("srv", [], [ExternalCertificateAuthority.ServerAuth]),
            _ => null,
        };
        var token = what switch
        {
            "unknown token" => "no-such-token",
            "token of another user with one character more" => ClientAuthenticationServer.TinaToken + "0",
            _ => null,
        };

        using var client = Client(certificate, token);
        foreach (var path in (string[])["/api/v1/namespaces/default/secrets", "/healthz"])
        {
            using var response = await client.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(UnauthorizedBody, await response.Content.ReadAsStringAsync(Cancel));
        }
    }

    // kubectl 1.32 fails on discovery first, so it prints client-go's wording for a 401 rather than the Status message,
    // as it does against kube-apiserver.
    [Fact]
    public async Task Kubectl_with_a_refused_token_or_expired_certificate_is_told_to_log_in()
    {
        var scratch = fixture.NewScratch("refused");
        var badToken = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, await TokenKubeconfigAsync(scratch, "mallory", "not-a-known-token"), scratch);
        var result = await badToken.RunAsync("get", "secrets");
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Stderr.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)", StringComparison.Ordinal), result.Stderr);

        using var authority = CertificateAuthority.Load(Paths.CaCertificate, Paths.CaKey);
        using var expired = ExternalCertificateAuthority.IssueFromServerCa(authority, "old", [], TimeSpan.FromMinutes(-20), TimeSpan.FromMinutes(10));
        var file = Path.Combine(scratch, "expired.kubeconfig");
        var cluster = KubeconfigCluster.Parse(await File.ReadAllTextAsync(Paths.AdminKubeconfig, Cancel));
        await File.WriteAllTextAsync(file, KubeconfigWriter.Build(cluster.Server, cluster.CertificateAuthorityPem, expired, "old"), Cancel);
        var old = await new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, file, scratch).RunAsync("get", "secrets");
        Assert.NotEqual(0, old.ExitCode);
        Assert.True(old.Stderr.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)", StringComparison.Ordinal), old.Stderr);
    }

    private static async Task AssertForbiddenOnSecretsAsync(EndToEnd.Kubectl kubectl, string user)
    {
        var list = await kubectl.RunAsync("get", "secrets");
        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains(
            $"Error from server (Forbidden): secrets is forbidden: User \"{user}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"",
            list.Stderr, StringComparison.Ordinal);
        var get = await kubectl.RunAsync("get", "secret", "s1", "-n", "team");
        Assert.Contains(
            $"Error from server (Forbidden): secrets \"s1\" is forbidden: User \"{user}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"team\"",
            get.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> TokenKubeconfigAsync(string scratch, string user, string token)
    {
        var cluster = KubeconfigCluster.Parse(await File.ReadAllTextAsync(Paths.AdminKubeconfig, Cancel));
        var file = Path.Combine(scratch, $"{user}.kubeconfig");
        var ca = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cluster.CertificateAuthorityPem));
        await File.WriteAllTextAsync(file, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: {ca}
                server: {cluster.Server}
              name: atrest
            contexts:
            - context:
                cluster: atrest
                user: {user}
              name: atrest
            current-context: atrest
            users:
            - name: {user}
              user:
                token: {token}
            """, Cancel);
        return file;
    }

    // The certificate is presented whatever CAs the server advertises, so the server itself must refuse it.
    private HttpClient Client(X509Certificate2? certificate, string? token)
    {
        var serverCa = X509Certificate2.CreateFromPem(File.ReadAllText(Paths.CaCertificate));
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is X509Certificate2 serving && ClientCertificateValidator.ChainsTo(serving, serverCa),
        };
        if (certificate is not null)
        {
            ssl.ClientCertificates = [certificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        var handler = new SocketsHttpHandler { SslOptions = ssl };
        var client = new HttpClient(handler) { BaseAddress = new Uri(fixture.Server.Url) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
