using System.Net;
using System.Text.Json;
using AtRest.ApiServer.Security;
using AtRest.ApiServer.Tests.Hosting;

namespace AtRest.ApiServer.Tests.Security;

[Trait("Category", "Integration")]
public sealed class AuthenticationTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_without_credentials_gets_401_Status()
    {
        using var client = _server.Client();
        using var response = await client.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Unauthorized", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal("Unauthorized", status.RootElement.GetProperty("message").GetString());
        Assert.Equal(401, status.RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/healthz/ping")]
    [InlineData("/version")]
    public async Task Health_and_version_paths_are_public(string path)
    {
        using var client = _server.Client();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_need_credentials()
    {
        using var anonymous = _server.Client();
        using var denied = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        using var admin = _server.AdminClient();
        using var allowed = await admin.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Admin_client_certificate_is_authenticated()
    {
        using var client = _server.AdminClient();
        using var response = await client.GetAsync("/api", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Admin_token_is_authenticated_and_a_wrong_token_is_not()
    {
        using var good = _server.Client(bearerToken: _server.Credentials.Token);
        using var ok = await good.GetAsync("/api", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var bad = _server.Client(bearerToken: _server.Credentials.Token + "x");
        using var denied = await bad.GetAsync("/api", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        // A wrong token is refused even where anonymous requests are allowed, as kube-apiserver does.
        using var deniedHealth = await bad.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, deniedHealth.StatusCode);
    }

    [Fact]
    public async Task Either_credential_may_succeed_as_in_kube_authenticator_union()
    {
        using var bob = _server.Credentials.Authority.IssueClientCertificate("bob", ["developers"]);
        using var validCertificateBadToken = _server.Client(bob, bearerToken: "not-a-token");
        using var review = await validCertificateBadToken.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews",
            new StringContent("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        using var reviewed = JsonDocument.Parse(await review.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("bob", reviewed.RootElement.GetProperty("status").GetProperty("userInfo").GetProperty("username").GetString());

        using var stranger = CertificateAuthority.Create("stranger");
        using var foreign = stranger.IssueClientCertificate("mallory", [AuthenticatedUser.MastersGroup]);
        using var badCertificateValidToken = _server.Client(foreign, bearerToken: _server.Credentials.Token);
        using var ok = await badCertificateValidToken.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Certificate_from_another_CA_gets_401()
    {
        using var stranger = CertificateAuthority.Create("stranger");
        using var certificate = stranger.IssueClientCertificate("admin", [AuthenticatedUser.MastersGroup]);
        using var client = _server.Client(certificate);
        using var response = await client.GetAsync("/api", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task User_outside_system_masters_gets_403_with_kube_message()
    {
        using var certificate = _server.Credentials.Authority.IssueClientCertificate("bob", ["developers"]);
        using var client = _server.Client(certificate);
        using var response = await client.GetAsync("/api/v1/namespaces/default/secrets/secret1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Forbidden", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal(
            "secrets \"secret1\" is forbidden: User \"bob\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\"",
            status.RootElement.GetProperty("message").GetString());

        using var list = await client.GetAsync("/api/v1/namespaces", TestContext.Current.CancellationToken);
        using var listStatus = JsonDocument.Parse(await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            "namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope",
            listStatus.RootElement.GetProperty("message").GetString());

        // Discovery is open to every authenticated user (kube's system:discovery); /metrics is not.
        using var path = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var pathStatus = JsonDocument.Parse(await path.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("forbidden: User \"bob\" cannot get path \"/metrics\"", pathStatus.RootElement.GetProperty("message").GetString());
    }
}
