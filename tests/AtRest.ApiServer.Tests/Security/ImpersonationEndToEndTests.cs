using System.Net;
using System.Text.Json;
using AtRest.ApiServer.Tests.Audit;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// Impersonation against the real server process over real TLS: the real kubectl's <c>--as</c>, <c>--as-group</c> and
/// <c>--as-uid</c> for the admin (system:masters may impersonate anyone) and for alice (no <c>impersonate</c> rule: kube's
/// 403), each impersonation header over HTTP with kube's status and message, and the audit events, which keep the real
/// user in <c>user</c> and the acted-as one in <c>impersonatedUser</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ImpersonationEndToEndTests(ImpersonationServer fixture) : IClassFixture<ImpersonationServer>
{
    private const string AliceCannotImpersonateBob =
        "users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope";

    private AuditServer Server => fixture.Audit;

    [Fact]
    public async Task Kubectl_as_acts_as_the_user_for_the_admin()
    {
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, fixture.AdminKubeconfig, fixture.NewScratch("admin"));

        var whoami = (await kubectl.RunAsync("auth", "whoami", "--as", "bob")).EnsureSuccess().Stdout;
        Assert.Matches(@"Username\s+bob\n", whoami);
        Assert.Matches(@"Groups\s+\[system:authenticated\]\n", whoami);

        var withGroups = (await kubectl.RunAsync("auth", "whoami", "--as", "bob", "--as-group", "devs", "--as-group", "ops")).EnsureSuccess().Stdout;
        Assert.Matches(@"Groups\s+\[devs ops system:authenticated\]\n", withGroups);

        using (var json = JsonDocument.Parse((await kubectl.RunAsync("auth", "whoami", "--as", "bob", "--as-uid", "uid-42", "-o", "json")).EnsureSuccess().Stdout))
        {
            Assert.Equal("""{"username":"bob","uid":"uid-42","groups":["system:authenticated"]}""",
                JsonSerializer.Serialize(json.RootElement.GetProperty("status").GetProperty("userInfo")));
        }

        var account = (await kubectl.RunAsync("auth", "whoami", "--as", "system:serviceaccount:team-a:app")).EnsureSuccess().Stdout;
        Assert.Matches(@"Username\s+system:serviceaccount:team-a:app\n", account);
        Assert.Matches(@"Groups\s+\[system:serviceaccounts system:serviceaccounts:team-a system:authenticated\]\n", account);

        // The rest of the request is bob's: his rules, not the admin's.
        var get = await kubectl.RunAsync("get", "secrets", "--as", "bob");
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("secrets is forbidden: User \"bob\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"",
            get.Stderr, StringComparison.Ordinal);
        (await kubectl.RunAsync("get", "secrets", "--as", "bob", "--as-group", "system:masters")).EnsureSuccess();

        var canI = await kubectl.RunAsync("auth", "can-i", "create", "secrets", "--as", "bob");
        Assert.Equal((1, "no\n"), (canI.ExitCode, canI.Stdout));
        Assert.Equal("yes\n", (await kubectl.RunAsync("auth", "can-i", "create", "secrets")).EnsureSuccess().Stdout);

        var list = (await kubectl.RunAsync("auth", "can-i", "--list", "--as", "bob")).EnsureSuccess().Stdout;
        Assert.Matches(@"\nselfsubjectreviews\.authentication\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n", list);
        Assert.DoesNotContain("*.*", list, StringComparison.Ordinal);
        Assert.Matches(@"\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n", (await kubectl.RunAsync("auth", "can-i", "--list")).EnsureSuccess().Stdout);

        // kubectl's own audit events: the admin acting as bob.
        var events = await WaitForEventsAsync(e => Impersonated(e) == "bob"
            && e.TryGetProperty("userAgent", out var agent) && agent.GetString()!.StartsWith("kubectl", StringComparison.Ordinal)
            && e.TryGetProperty("objectRef", out var objectRef) && objectRef.GetProperty("resource").GetString() == "secrets");
        Assert.All(events, e => Assert.Equal("admin", e.GetProperty("user").GetProperty("username").GetString()));
    }

    [Fact]
    public async Task Kubectl_as_is_refused_to_a_user_without_impersonate()
    {
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, fixture.AliceKubeconfig, fixture.NewScratch("alice"));
        Assert.Matches(@"Username\s+alice\n", (await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout);

        // kubectl reads any refusal of its review as the API being absent, as it does against kube-apiserver.
        var whoami = await kubectl.RunAsync("auth", "whoami", "--as", "bob");
        Assert.NotEqual(0, whoami.ExitCode);
        Assert.DoesNotContain("Username", whoami.Stdout, StringComparison.Ordinal);

        // A fresh kubectl first reads discovery, whose refusal client-go reports without the Status message ("unknown"),
        // as against kube-apiserver; requests that skip discovery print kube's message.
        var get = await kubectl.RunAsync("get", "secrets", "--as", "bob");
        Assert.NotEqual(0, get.ExitCode);
        Assert.True(get.Stderr.Contains("Error from server (Forbidden)", StringComparison.Ordinal), get.Stderr);
        var raw = await kubectl.RunAsync("get", "--raw", "/api/v1/namespaces/default/secrets", "--as", "bob");
        Assert.NotEqual(0, raw.ExitCode);
        Assert.True(raw.Stderr.Contains(AliceCannotImpersonateBob, StringComparison.Ordinal), raw.Stderr);
        var canI = await kubectl.RunAsync("auth", "can-i", "get", "secrets", "--as", "bob");
        Assert.NotEqual(0, canI.ExitCode);
        Assert.True(canI.Stderr.Contains(AliceCannotImpersonateBob, StringComparison.Ordinal), canI.Stderr);

        var group = await kubectl.RunAsync("get", "--raw", "/api/v1/secrets", "--as", "alice", "--as-group", "system:masters");
        Assert.NotEqual(0, group.ExitCode);
        Assert.True(group.Stderr.Contains("users \"alice\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
            StringComparison.Ordinal), group.Stderr);
    }

    [Fact]
    public async Task Each_refused_header_gets_kubes_status_and_message()
    {
        using var alice = Server.ClientFor("alice", "team-a");
        await AssertForbiddenAsync(alice, [("Impersonate-User", "bob")], AliceCannotImpersonateBob, """{"name":"bob","kind":"users"}""");
        await AssertForbiddenAsync(alice, [("Impersonate-User", "system:serviceaccount:team-a:app")],
            "serviceaccounts \"app\" is forbidden: User \"alice\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"team-a\"",
            """{"name":"app","kind":"serviceaccounts"}""");

        // The user is checked first, so these are refused on the user too; the admin shows the other checks pass.
        var admin = Server.Admin;
        var (ok, body) = await SendAsync(admin, "/api/v1/namespaces/default/secrets", [("Impersonate-User", "bob"), ("Impersonate-Group", "system:masters"),
            ("Impersonate-Uid", "uid-1"), ("Impersonate-Extra-Acme.io%2fScopes", "read")]);
        Assert.True(ok.StatusCode == HttpStatusCode.OK, body);

        var (bad, badBody) = await SendAsync(admin, "/api/v1/namespaces/default/secrets", [("Impersonate-Group", "devs"), ("Impersonate-Uid", "uid-1")]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":" +
            "\"requested [{Group  devs    } {UID  uid-1  authentication.k8s.io/v1  }] without impersonating a user\",\"reason\":\"BadRequest\",\"code\":400}\n", badBody);

        // Even impersonating herself needs the right: the user is checked first.
        using var review = new StringContent("""{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", System.Text.Encoding.UTF8, "application/json");
        var (asUid, asUidBody) = await SendAsync(alice, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            [("Impersonate-User", "alice"), ("Impersonate-Uid", "uid-1")], HttpMethod.Post, review);
        Assert.True(asUid.StatusCode == HttpStatusCode.Forbidden, asUidBody);
        using var refusal = JsonDocument.Parse(asUidBody);
        Assert.StartsWith("users \"alice\" is forbidden: User \"alice\" cannot impersonate", refusal.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_events_keep_the_real_user_and_name_the_impersonated_one()
    {
        using var alice = Server.ClientFor("alice", "team-a");
        var (refused, _) = await AuditServer.SendAsync(alice, "imp-refused", HttpMethod.Get, "/api/v1/namespaces/default/secrets", headers: [("Impersonate-User", "bob")]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var (asBob, _) = await AuditServer.SendAsync(Server.Admin, "imp-bob", HttpMethod.Get, "/api/v1/namespaces/default/secrets",
            headers: [("Impersonate-User", "bob"), ("Impersonate-Group", "devs"), ("Impersonate-Uid", "uid-9"), ("Impersonate-Extra-Scopes", "read")]);
        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        var (asMaster, _) = await AuditServer.SendAsync(Server.Admin, "imp-master", HttpMethod.Get, "/api/v1/namespaces/default/configmaps",
            headers: [("Impersonate-User", "bob"), ("Impersonate-Group", "system:masters")]);
        Assert.Equal(HttpStatusCode.OK, asMaster.StatusCode);

        var bob = await Server.Log.WaitForAsync("imp-bob");
        Assert.Equal(
            ["kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "impersonatedUser", "sourceIPs", "userAgent", "objectRef",
             "responseStatus", "requestReceivedTimestamp", "stageTimestamp", "annotations"],
            AuditLogFile.Keys(bob));
        Assert.Equal("""{"username":"admin","groups":["system:masters","system:authenticated"]}""", bob.GetProperty("user").GetRawText());
        Assert.Equal("""{"username":"bob","uid":"uid-9","groups":["devs","system:authenticated"],"extra":{"scopes":["read"]}}""",
            bob.GetProperty("impersonatedUser").GetRawText());
        Assert.Equal("Request", bob.GetProperty("level").GetString());
        Assert.Equal(403, bob.GetProperty("responseStatus").GetProperty("code").GetInt32());
        // The authorization annotations are the main check's, made for bob.
        Assert.Equal("forbid", bob.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());

        var master = await Server.Log.WaitForAsync("imp-master");
        Assert.Equal("""{"username":"bob","groups":["system:masters","system:authenticated"]}""", master.GetProperty("impersonatedUser").GetRawText());
        Assert.Equal("Metadata", master.GetProperty("level").GetString());
        Assert.Equal("allow", master.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());

        // As in kube, a refused impersonation has no impersonated user and no authorization annotations: the filter
        // refuses before the authorization filter runs.
        var denied = await Server.Log.WaitForAsync("imp-refused");
        Assert.Equal("alice", denied.GetProperty("user").GetProperty("username").GetString());
        Assert.False(denied.TryGetProperty("impersonatedUser", out _));
        Assert.False(denied.TryGetProperty("annotations", out _));
        Assert.Equal(AliceCannotImpersonateBob, denied.GetProperty("responseStatus").GetProperty("message").GetString());
    }

    private static string? Impersonated(JsonElement e) =>
        e.TryGetProperty("impersonatedUser", out var user) ? user.GetProperty("username").GetString() : null;

    private async Task<List<JsonElement>> WaitForEventsAsync(Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = File.Exists(Server.Log.Path) ? AuditLogFile.Parse(Server.Log.Path).Where(match).ToList() : [];
            if (found.Count > 0)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching event in {Server.Log.Path}:\n{Server.Log.Text}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task AssertForbiddenAsync(HttpClient client, (string, string)[] headers, string message, string details)
    {
        var (response, body) = await SendAsync(client, "/api/v1/namespaces/default/configmaps", headers);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, body);
        using var status = JsonDocument.Parse(body);
        Assert.Equal("Forbidden", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal(message, status.RootElement.GetProperty("message").GetString());
        Assert.Equal(details, status.RootElement.GetProperty("details").GetRawText());
        Assert.True(response.Headers.Contains("Audit-Id"), $"no Audit-Id; server log:\n{Server.Process.Server.Log}");
    }

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, string path, (string Name, string Value)[] headers,
        HttpMethod? method = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
