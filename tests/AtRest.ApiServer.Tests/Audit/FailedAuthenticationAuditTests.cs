using System.Net;
using System.Net.Http.Headers;
using AtRest.ApiServer.Tests.Security;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>
/// Requests refused with 401 are audited as kube-apiserver's <c>WithFailedAuthenticationAudit</c> records them: one
/// event at <c>ResponseStarted</c>, no user, the policy's level for a request without a user, a response status with
/// the code and the credentials tried (never their values), and the <c>Audit-Id</c> header on the 401.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FailedAuthenticationAuditTests(AuditPolicyServer fixture) : IClassFixture<AuditPolicyServer>
{
    private const string BadToken = "not-a-token-7f3a9c1e5b";
    private readonly AuditServer _server = fixture.Server;

    [Fact]
    public async Task A_request_without_credentials_is_recorded_once_without_a_user()
    {
        using var anonymous = _server.Process.Client();
        var (response, _) = await AuditServer.SendAsync(anonymous, "401-none", HttpMethod.Get, "/api/v1/namespaces/default/configmaps?limit=5");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("401-none", Assert.Single(response.Headers.GetValues("Audit-Id")));

        var started = await _server.Log.WaitForAsync("401-none", "ResponseStarted");
        Assert.Equal(
            ["kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "sourceIPs", "userAgent", "objectRef",
             "responseStatus", "requestReceivedTimestamp", "stageTimestamp"],
            AuditLogFile.Keys(started));
        Assert.Equal("Metadata", started.GetProperty("level").GetString());
        Assert.Equal("/api/v1/namespaces/default/configmaps?limit=5", started.GetProperty("requestURI").GetString());
        Assert.Equal("list", started.GetProperty("verb").GetString());
        Assert.Equal("{}", started.GetProperty("user").GetRawText());
        Assert.Equal("""{"resource":"configmaps","namespace":"default","apiVersion":"v1"}""", started.GetProperty("objectRef").GetRawText());
        Assert.Equal("""{"metadata":{},"message":"Authentication failed, no credentials provided","code":401}""",
            started.GetProperty("responseStatus").GetRawText());
        Assert.Single(_server.Log.For("401-none"));
    }

    [Fact]
    public async Task The_credentials_tried_are_named_never_their_values()
    {
        using var anonymous = _server.Process.Client();
        await RefusedAsync(anonymous, "401-bearer", "/api/v1/namespaces/default/configmaps", new AuthenticationHeaderValue("Bearer", BadToken));
        await RefusedAsync(anonymous, "401-basic", "/api/v1/namespaces/default/configmaps",
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String("user:pa55word"u8.ToArray())));
        await RefusedAsync(anonymous, "401-query", $"/api/v1/namespaces/default/configmaps?access_token={BadToken}", new AuthenticationHeaderValue("Bearer", BadToken));
        using var external = new ExternalCertificateAuthority("untrusted-ca");
        using var stranger = _server.Process.Client(external.Issue("mallory", ["system:masters"]));
        await RefusedAsync(stranger, "401-x509", "/api/v1/namespaces/default/configmaps", null);

        Assert.Equal("Authentication failed, attempted: bearer", await MessageAsync("401-bearer"));
        Assert.Equal("Authentication failed, attempted: basic", await MessageAsync("401-basic"));
        Assert.Equal("Authentication failed, attempted: bearer, access_token", await MessageAsync("401-query"));
        Assert.Equal("Authentication failed, attempted: x509", await MessageAsync("401-x509"));
        var x509 = await _server.Log.WaitForAsync("401-x509", "ResponseStarted");
        Assert.Equal("{}", x509.GetProperty("user").GetRawText());

        // The request URI is recorded as sent (as kube does), but no header value is.
        var text = _server.Log.Text;
        Assert.DoesNotContain("pa55word", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("user:pa55word"u8.ToArray()), text, StringComparison.Ordinal);
        Assert.Single(_server.Log.For("401-bearer"));
    }

    [Fact]
    public async Task The_policy_decides_the_level_for_a_request_without_a_user()
    {
        using var anonymous = _server.Process.Client();
        var bad = new AuthenticationHeaderValue("Bearer", BadToken);
        // secrets/full is RequestResponse; /healthz is None (a refused credential gets 401 even there); /openapi/v2 matches no rule.
        await RefusedAsync(anonymous, "401-full", "/api/v1/namespaces/default/secrets/full", bad);
        await RefusedAsync(anonymous, "401-healthz", "/healthz", bad);
        await RefusedAsync(anonymous, "401-apis", "/openapi/v2", bad);
        await RefusedAsync(anonymous, "401-last", "/version", bad);

        var full = await _server.Log.WaitForAsync("401-full", "ResponseStarted");
        Assert.Equal("RequestResponse", full.GetProperty("level").GetString());
        Assert.False(full.TryGetProperty("requestObject", out _));
        Assert.Equal("Metadata", (await _server.Log.WaitForAsync("401-last", "ResponseStarted")).GetProperty("level").GetString());
        // Events are written in order, so the earlier ones would be there by now.
        Assert.Empty(_server.Log.For("401-healthz"));
        Assert.Empty(_server.Log.For("401-apis"));
    }

    private async Task<string?> MessageAsync(string auditId) =>
        (await _server.Log.WaitForAsync(auditId, "ResponseStarted")).GetProperty("responseStatus").GetProperty("message").GetString();

    private static async Task RefusedAsync(HttpClient client, string auditId, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Audit-ID", auditId);
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(auditId, Assert.Single(response.Headers.GetValues("Audit-Id")));
    }
}
