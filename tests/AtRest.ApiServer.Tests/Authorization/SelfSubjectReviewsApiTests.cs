using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The three self-subject reviews over HTTPS on the real server process, for the admin (system:masters) and for a
/// user whose certificate names another group: kube's response shapes, the protobuf bodies kubectl 1.32+ send,
/// kube's validation messages, and 403 still everywhere else for the non-admin.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SelfSubjectReviewsApiTests : IAsyncLifetime
{
    private const string Ssr = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
    private const string Ssar = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    private const string Ssrr = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    // kubectl 1.33's `auth can-i create secrets` body, as captured on the wire (Content-Type application/vnd.kubernetes.protobuf).
    private static readonly byte[] ProtobufCanICreateSecrets = Convert.FromHexString(
        "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365" +
        "737352657669657712420a100a0012001a0022002a0032003800420012240a220a0764656661756c7412066372656174" +
        "651a0022002a077365637265747332003a001a08080012001a0020001a002200");

    private HostileServerProcess _server = null!;
    private X509Certificate2 _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await HostileServerProcess.StartAsync();
        _bob = _server.Authority.IssueClientCertificate("bob", ["developers"]);
    }

    public async ValueTask DisposeAsync()
    {
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task Self_subject_review_returns_the_callers_user_info(string version)
    {
        using var admin = _server.AdminClient();
        var (response, body) = await admin.PostJsonAsync($"/apis/authentication.k8s.io/{version}/selfsubjectreviews",
            "{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/" + version +
            "\",\"metadata\":{\"creationTimestamp\":null},\"status\":{\"userInfo\":{}}}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("SelfSubjectReview", (string?)body!["kind"]);
        Assert.Equal($"authentication.k8s.io/{version}", (string?)body["apiVersion"]);
        Assert.True(DateTimeOffset.TryParse((string?)body["metadata"]!["creationTimestamp"], out _), body.ToJsonString());
        Assert.Equal("""{"username":"admin","groups":["system:masters","system:authenticated"]}""", body["status"]!["userInfo"]!.ToJsonString());

        using var bob = _server.Client(_bob);
        var (bobResponse, bobBody) = await bob.PostJsonAsync(Ssr, "{}");
        Assert.Equal(HttpStatusCode.Created, bobResponse.StatusCode);
        Assert.Equal("""{"username":"bob","groups":["developers","system:authenticated"]}""", bobBody!["status"]!["userInfo"]!.ToJsonString());
    }

    [Fact]
    public async Task Access_review_answers_from_the_authorizer_for_each_user()
    {
        const string CreateSecrets = """{"spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"secrets"}}}""";
        using var admin = _server.AdminClient();
        var (response, body) = await admin.PostJsonAsync(Ssar, CreateSecrets);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            """{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"secrets"}},"status":{"allowed":true}}""",
            body!.ToJsonString());

        using var bob = _server.Client(_bob);
        var (_, denied) = await bob.PostJsonAsync(Ssar, CreateSecrets);
        Assert.Equal("""{"allowed":false}""", denied!["status"]!.ToJsonString());

        using var raw = await bob.PostAsync(Ssar, new StringContent(
            """{"spec":{"resourceAttributes":{"verb":"create","group":"authorization.k8s.io","resource":"selfsubjectrulesreviews"}}}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.EndsWith(
            "\"status\":{\"allowed\":true,\"reason\":\"RBAC: allowed by ClusterRoleBinding \\\"system:basic-user\\\" of ClusterRole " +
            "\\\"system:basic-user\\\" to Group \\\"system:authenticated\\\"\"}}",
            await raw.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var (_, metrics) = await bob.PostJsonAsync(Ssar, """{"spec":{"nonResourceAttributes":{"path":"/metrics","verb":"get"}}}""");
        Assert.Equal("""{"nonResourceAttributes":{"path":"/metrics","verb":"get"}}""", metrics!["spec"]!.ToJsonString());
        Assert.False((bool)metrics["status"]!["allowed"]!);
    }

    [Fact]
    public async Task Access_review_in_protobuf_as_kubectl_1_32_sends_it()
    {
        using var admin = _server.AdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Ssar) { Content = new ByteArrayContent(ProtobufCanICreateSecrets) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf,application/json");
        using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("""{"resourceAttributes":{"namespace":"default","verb":"create","resource":"secrets"}}""", body["spec"]!.ToJsonString());
        Assert.True((bool)body["status"]!["allowed"]!);
    }

    [Fact]
    public async Task Rules_review_lists_the_rules_of_each_user()
    {
        using var admin = _server.AdminClient();
        var (response, body) = await admin.PostJsonAsync(Ssrr, """{"spec":{"namespace":"default"}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{}", body!["spec"]!.ToJsonString());
        var status = body["status"]!;
        Assert.Equal("""{"verbs":["*"],"apiGroups":["*"],"resources":["*"]}""", status["resourceRules"]![0]!.ToJsonString());
        Assert.Equal("""{"verbs":["*"],"nonResourceURLs":["*"]}""", status["nonResourceRules"]![0]!.ToJsonString());
        Assert.False((bool)status["incomplete"]!);

        using var bob = _server.Client(_bob);
        var (_, bobBody) = await bob.PostJsonAsync(Ssrr, """{"spec":{"namespace":"default"}}""");
        var bobRules = bobBody!["status"]!["resourceRules"]!.AsArray().Select(rule => rule!.ToJsonString()).ToList();
        Assert.Equal(
        [
            """{"verbs":["create"],"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"]}""",
            """{"verbs":["create"],"apiGroups":["authentication.k8s.io"],"resources":["selfsubjectreviews"]}""",
        ], bobRules);
        Assert.DoesNotContain(bobBody["status"]!["nonResourceRules"]!.AsArray(), rule => rule!["nonResourceURLs"]![0]!.GetValue<string>() == "*");
    }

    [Fact]
    public async Task Bad_reviews_get_kube_errors()
    {
        using var admin = _server.AdminClient();
        var (neither, neitherBody) = await admin.PostJsonAsync(Ssar, """{"spec":{}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, neither.StatusCode);
        Assert.Equal(
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            (string?)neitherBody!["message"]);

        var (both, bothBody) = await admin.PostJsonAsync(Ssar,
            """{"spec":{"resourceAttributes":{"verb":"get","resource":"secrets"},"nonResourceAttributes":{"path":"/api","verb":"get"}}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.Equal(
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/api\", Verb:\"get\"}: cannot be specified in combination with resourceAttributes",
            (string?)bothBody!["message"]);

        var (noNamespace, noNamespaceBody) = await admin.PostJsonAsync(Ssrr, """{"spec":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, noNamespace.StatusCode);
        Assert.Equal("no namespace on request", (string?)noNamespaceBody!["message"]);

        var (wrongKind, wrongKindBody) = await admin.PostJsonAsync(Ssar, """{"kind":"Secret","apiVersion":"v1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.Contains("expected \"authorization.k8s.io/v1\" \"SelfSubjectAccessReview\"", (string?)wrongKindBody!["message"], StringComparison.Ordinal);

        var (notJson, _) = await admin.PostJsonAsync(Ssr, "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var (cutShort, cutShortBody) = await admin.SendAsync(HttpMethod.Post, Ssar, "k8s\0\n\u0002\n", "application/vnd.kubernetes.protobuf");
        Assert.Equal(HttpStatusCode.BadRequest, cutShort.StatusCode);
        Assert.StartsWith("SelfSubjectAccessReview in version \"v1\" cannot be handled as a SelfSubjectAccessReview: invalid runtime.Unknown",
            (string?)cutShortBody!["message"], StringComparison.Ordinal);

        var (yaml, yamlBody) = await admin.SendAsync(HttpMethod.Post, Ssrr, "spec:\n  namespace: kube-system\n", "application/yaml");
        Assert.Equal(HttpStatusCode.Created, yaml.StatusCode);
        Assert.Equal("SelfSubjectRulesReview", (string?)yamlBody!["kind"]);

        var (get, _) = await admin.GetJsonAsync(Ssar);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task Non_admin_reads_discovery_but_nothing_else()
    {
        using var bob = _server.Client(_bob);
        var (groups, groupsBody) = await bob.GetJsonAsync("/apis");
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        Assert.Equal("APIGroupList", (string?)groupsBody!["kind"]);

        var (secrets, secretsBody) = await bob.GetJsonAsync("/api/v1/namespaces/default/secrets");
        Assert.Equal(HttpStatusCode.Forbidden, secrets.StatusCode);
        Assert.Equal("secrets is forbidden: User \"bob\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"",
            (string?)secretsBody!["message"]);
        var (create, _) = await bob.PostJsonAsync("/api/v1/namespaces", """{"metadata":{"name":"bobs"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var (metrics, _) = await bob.GetJsonAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
    }
}
