using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Security;
using AtRest.ApiServer.Tests.Authorization;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// The impersonation filter deciding with kube's authorizer chain over <see cref="RbacTestPolicy"/> (stored RBAC is not
/// served yet, so resourceNames are exercised here rather than through kubectl): ivan may impersonate the user alice
/// and any group, and no one else; alice's <c>edit</c> in team-a lets her impersonate that namespace's service accounts
/// only; every refusal is kube's 403 with its message and details, and the request never goes on.
/// </summary>
public sealed class ImpersonationMiddlewareTests
{
    private static readonly IAuthorizer Authorizer = new BootstrapAuthorizer(RbacTestPolicy.Authorizer());

    [Fact]
    public async Task The_admin_may_impersonate_anyone_with_every_attribute()
    {
        var outcome = await RunAsync(AuthenticatedUser.Admin, ("Impersonate-User", "bob"), ("Impersonate-Group", "devs"), ("Impersonate-Group", "system:masters"),
            ("Impersonate-Uid", "uid-7"), ("Impersonate-Extra-Acme.io%2fScopes", "read"), ("Impersonate-Extra-Acme.io%2fScopes", "write"));

        var user = Assert.IsType<AuthenticatedUser>(outcome.SeenUser);
        Assert.Equal("bob", user.Name);
        Assert.Equal(["devs", "system:masters", "system:authenticated"], user.Groups);
        Assert.Equal("uid-7", user.Uid);
        Assert.Equal(["read", "write"], user.Extra["acme.io/scopes"]);
        Assert.Empty(outcome.SeenImpersonationHeaders);
        Assert.Equal(200, outcome.Status);
    }

    [Fact]
    public async Task A_user_allowed_one_name_may_impersonate_that_user_and_no_other()
    {
        var alice = await RunAsync(RbacTestPolicy.Ivan, ("Impersonate-User", "alice"));
        Assert.Equal(new[] { "system:authenticated" }, alice.SeenUser!.Groups);
        Assert.Equal("alice", alice.SeenUser.Name);

        var withGroup = await RunAsync(RbacTestPolicy.Ivan, ("Impersonate-User", "alice"), ("Impersonate-Group", "auditors"));
        Assert.Equal(["auditors", "system:authenticated"], withGroup.SeenUser!.Groups);

        var bob = await RunAsync(RbacTestPolicy.Ivan, ("Impersonate-User", "bob"));
        AssertForbidden(bob, """users "bob" is forbidden: User "ivan" cannot impersonate resource "users" in API group "" at the cluster scope""",
            """{"name":"bob","kind":"users"}""");
    }

    [Fact]
    public async Task Each_attribute_is_checked_with_its_own_resource_and_group()
    {
        AssertForbidden(await RunAsync(RbacTestPolicy.Ivan, ("Impersonate-User", "alice"), ("Impersonate-Uid", "uid-7")),
            """uids.authentication.k8s.io "uid-7" is forbidden: User "ivan" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope""",
            """{"name":"uid-7","group":"authentication.k8s.io","kind":"uids"}""");
        AssertForbidden(await RunAsync(RbacTestPolicy.Ivan, ("Impersonate-User", "alice"), ("Impersonate-Extra-Scopes", "read")),
            """userextras.authentication.k8s.io "read" is forbidden: User "ivan" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope""",
            """{"name":"read","group":"authentication.k8s.io","kind":"userextras"}""");
        AssertForbidden(await RunAsync(RbacTestPolicy.Bob, ("Impersonate-User", "bob"), ("Impersonate-Group", "devs")),
            """users "bob" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope""",
            """{"name":"bob","kind":"users"}""");
    }

    [Fact]
    public async Task A_service_account_is_checked_in_its_namespace()
    {
        var allowed = await RunAsync(RbacTestPolicy.Alice, ("Impersonate-User", "system:serviceaccount:team-a:app"));
        Assert.Equal("system:serviceaccount:team-a:app", allowed.SeenUser!.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"], allowed.SeenUser.Groups);

        AssertForbidden(await RunAsync(RbacTestPolicy.Alice, ("Impersonate-User", "system:serviceaccount:team-b:app")),
            """serviceaccounts "app" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-b" """.TrimEnd(),
            """{"name":"app","kind":"serviceaccounts"}""");
    }

    [Fact]
    public async Task The_authorizers_reason_follows_the_message()
    {
        var dave = await RunAsync(RbacTestPolicy.Dave, ("Impersonate-User", "system:serviceaccount:team-b:app"));
        AssertForbidden(dave,
            """serviceaccounts "app" is forbidden: User "dave" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-b": RBAC: role.rbac.authorization.k8s.io "ghost" not found""",
            """{"name":"app","kind":"serviceaccounts"}""");
    }

    [Fact]
    public async Task Names_are_quoted_as_Go_quotes_them_and_markup_is_escaped_as_kube_escapes_it()
    {
        var eve = new AuthenticatedUser("<eve & co>", ["system:authenticated"]);
        var outcome = await RunAsync(eve, ("Impersonate-User", "bo\"b\\<i>"));
        AssertForbidden(outcome,
            """users "bo\"b\\<i>" is forbidden: User "&lt;eve &amp; co&gt;" cannot impersonate resource "users" in API group "" at the cluster scope""",
            """{"name":"bo\"b\\<i>","kind":"users"}""");
        Assert.Equal("nosniff", outcome.NoSniff);
    }

    [Fact]
    public async Task Without_credentials_the_request_asks_as_system_anonymous()
    {
        AssertForbidden(await RunAsync(null, ("Impersonate-User", "admin")),
            """users "admin" is forbidden: User "system:anonymous" cannot impersonate resource "users" in API group "" at the cluster scope""",
            """{"name":"admin","kind":"users"}""");
    }

    [Fact]
    public async Task Groups_without_a_user_are_a_bad_request_even_for_the_admin()
    {
        var outcome = await RunAsync(AuthenticatedUser.Admin, ("Impersonate-Group", "devs"));
        Assert.False(outcome.WentOn);
        Assert.Equal(400, outcome.Status);
        using var status = JsonDocument.Parse(outcome.Body);
        Assert.Equal("BadRequest", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal("requested [{Group  devs    }] without impersonating a user", status.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_request_without_impersonation_goes_on_as_its_user()
    {
        var outcome = await RunAsync(RbacTestPolicy.Bob, ("Impersonate-Future", "x"));
        Assert.Same(RbacTestPolicy.Bob, outcome.SeenUser);
        Assert.Equal(["Impersonate-Future"], outcome.SeenImpersonationHeaders);
    }

    private static void AssertForbidden(Outcome outcome, string message, string details)
    {
        Assert.False(outcome.WentOn);
        Assert.Equal(403, outcome.Status);
        using var status = JsonDocument.Parse(outcome.Body);
        Assert.Equal("Forbidden", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal(message, status.RootElement.GetProperty("message").GetString());
        var actual = status.RootElement.GetProperty("details").GetRawText();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(details), JsonNode.Parse(actual)), actual);
        Assert.Equal(403, status.RootElement.GetProperty("code").GetInt32());
    }

    private static async Task<Outcome> RunAsync(AuthenticatedUser? requestor, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/v1/namespaces/default/secrets";
        context.Response.Body = new MemoryStream();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        if (requestor is not null)
        {
            context.SetAuthenticatedUser(requestor);
        }

        var outcome = new Outcome();
        var middleware = new ImpersonationMiddleware(http =>
        {
            outcome.WentOn = true;
            outcome.SeenUser = http.GetAuthenticatedUser();
            outcome.SeenImpersonationHeaders = [.. http.Request.Headers.Keys.Where(k => k.StartsWith("Impersonate", StringComparison.OrdinalIgnoreCase))];
            return Task.CompletedTask;
        }, Authorizer);
        await middleware.InvokeAsync(context);
        outcome.Status = context.Response.StatusCode;
        outcome.NoSniff = context.Response.Headers.XContentTypeOptions.ToString();
        outcome.Body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return outcome;
    }

    private sealed class Outcome
    {
        public bool WentOn { get; set; }

        public AuthenticatedUser? SeenUser { get; set; }

        public List<string> SeenImpersonationHeaders { get; set; } = [];

        public int Status { get; set; }

        public string Body { get; set; } = "";

        public string NoSniff { get; set; } = "";
    }
}
