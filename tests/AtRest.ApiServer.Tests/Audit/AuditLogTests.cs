using System.Net;
using System.Text.Json;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>
/// The audit log of a real server process: every line an audit.k8s.io/v1 Event with kube's fields in kube's order,
/// one event per stage the policy keeps, every level and every kind of rule.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditLogTests(AuditPolicyServer fixture) : IClassFixture<AuditPolicyServer>
{
    private const string MicroTime = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$";
    private readonly AuditServer _server = fixture.Server;

    [Fact]
    public async Task A_RequestResponse_event_has_kubes_fields_in_kubes_order()
    {
        await CreateSecretAsync("default", "full", "c2VjcmV0LWZvci1maWVsZHM=", "order-create");
        var (update, updated) = await AuditServer.SendAsync(_server.Admin, "order-update", HttpMethod.Put, "/api/v1/namespaces/default/secrets/full",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"full"},"data":{"k":"c2VjcmV0LWZvci1maWVsZHM="}}""");
        Assert.True(update.StatusCode == HttpStatusCode.OK, updated);
        var (response, _) = await AuditServer.SendAsync(_server.Admin, "order-get", HttpMethod.Get, "/api/v1/namespaces/default/secrets/full?pretty=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("order-get", Assert.Single(response.Headers.GetValues("Audit-Id")));

        var complete = await _server.Log.WaitForAsync("order-get");
        Assert.Equal(
            ["kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "sourceIPs", "userAgent", "objectRef",
             "responseStatus", "responseObject", "requestReceivedTimestamp", "stageTimestamp", "annotations"],
            AuditLogFile.Keys(complete));
        Assert.Equal("RequestResponse", complete.GetProperty("level").GetString());
        Assert.Equal("/api/v1/namespaces/default/secrets/full?pretty=false", complete.GetProperty("requestURI").GetString());
        Assert.Equal("get", complete.GetProperty("verb").GetString());
        Assert.Equal("""{"username":"admin","groups":["system:masters","system:authenticated"]}""", complete.GetProperty("user").GetRawText());
        Assert.Equal("""["127.0.0.1"]""", complete.GetProperty("sourceIPs").GetRawText());
        Assert.Equal("audit-test/1.0", complete.GetProperty("userAgent").GetString());
        Assert.Equal("""{"resource":"secrets","namespace":"default","name":"full","apiVersion":"v1"}""", complete.GetProperty("objectRef").GetRawText());
        Assert.Equal("""{"metadata":{},"code":200}""", complete.GetProperty("responseStatus").GetRawText());
        Assert.Equal("full", complete.GetProperty("responseObject").GetProperty("metadata").GetProperty("name").GetString());
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", complete.GetProperty("responseObject").GetProperty("data").GetProperty("k").GetString());
        Assert.Matches(MicroTime, complete.GetProperty("requestReceivedTimestamp").GetString());
        Assert.Matches(MicroTime, complete.GetProperty("stageTimestamp").GetString());
        Assert.True(string.CompareOrdinal(complete.GetProperty("requestReceivedTimestamp").GetString(), complete.GetProperty("stageTimestamp").GetString()) <= 0);
        Assert.Equal("allow", complete.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());
        Assert.True(complete.GetProperty("annotations").TryGetProperty("authorization.k8s.io/reason", out _));

        var received = await _server.Log.WaitForAsync("order-get", "RequestReceived");
        Assert.Equal(
            ["kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "sourceIPs", "userAgent", "objectRef",
             "requestReceivedTimestamp", "stageTimestamp"],
            AuditLogFile.Keys(received));
        Assert.Equal(complete.GetProperty("requestReceivedTimestamp").GetString(), received.GetProperty("requestReceivedTimestamp").GetString());

        // The value written is the value read: one fingerprint. (The create itself is not recorded: as in kube, resourceNames
        // cannot match a create, whose name is not in the path.)
        var written = await _server.Log.WaitForAsync("order-update");
        Assert.Equal(written.GetProperty("requestObject").GetProperty("data").GetProperty("k").GetString(),
            complete.GetProperty("responseObject").GetProperty("data").GetProperty("k").GetString());
        Assert.Empty(_server.Log.For("order-create"));
    }

    [Fact]
    public async Task Every_request_gets_an_audit_id_header_and_it_is_the_events_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        using var response = await _server.Admin.SendAsync(request, TestContext.Current.CancellationToken);
        var auditId = Assert.Single(response.Headers.GetValues("Audit-Id"));
        Assert.True(Guid.TryParse(auditId, out _), auditId);
        var complete = await _server.Log.WaitForAsync(auditId);
        Assert.Equal("Metadata", complete.GetProperty("level").GetString());
        Assert.False(complete.TryGetProperty("objectRef", out _), "a non-resource request has no objectRef");
    }

    [Fact]
    public async Task Metadata_records_no_bodies_Request_the_request_and_RequestResponse_both()
    {
        await SendAsync("lv-meta", HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"lv-meta"},"data":{"a":"b"}}""");
        await SendAsync("lv-request", HttpMethod.Post, "/api/v1/namespaces/req/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"lv-request"},"data":{"a":"b"}}""");

        var metadata = await _server.Log.WaitForAsync("lv-meta");
        Assert.Equal("Metadata", metadata.GetProperty("level").GetString());
        Assert.False(metadata.TryGetProperty("requestObject", out _));
        Assert.False(metadata.TryGetProperty("responseObject", out _));
        Assert.Equal("create", metadata.GetProperty("verb").GetString());

        var request = await _server.Log.WaitForAsync("lv-request");
        Assert.Equal("Request", request.GetProperty("level").GetString());
        Assert.Equal("""{"a":"b"}""", request.GetProperty("requestObject").GetProperty("data").GetRawText());
        Assert.False(request.TryGetProperty("responseObject", out _));

        // A create names its object in the body only: the event's objectRef carries the name all the same.
        Assert.Equal("""{"resource":"configmaps","namespace":"req","name":"lv-request","apiVersion":"v1"}""", request.GetProperty("objectRef").GetRawText());

        var ns = await _server.Log.WaitForAsync("setup-namespace");
        Assert.Equal("Request", ns.GetProperty("level").GetString());
        Assert.Equal("""{"resource":"namespaces","name":"req","apiVersion":"v1"}""", ns.GetProperty("objectRef").GetRawText());
        Assert.Equal("req", ns.GetProperty("requestObject").GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task OmitStages_leaves_out_the_stages_it_names()
    {
        await SendAsync("omit-cm", HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        await SendAsync("omit-version", HttpMethod.Get, "/version");
        await _server.Log.WaitForAsync("omit-cm");
        await _server.Log.WaitForAsync("omit-version");
        Assert.Equal(["ResponseComplete"], _server.Log.For("omit-cm").Select(e => e.GetProperty("stage").GetString()));
        Assert.Equal(["RequestReceived", "ResponseComplete"], _server.Log.For("omit-version").Select(e => e.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task Level_None_writes_nothing()
    {
        await SendAsync("none-healthz", HttpMethod.Get, "/healthz");
        await SendAsync("none-other-secret", HttpMethod.Get, "/api/v1/namespaces/default/secrets/other");
        using var carol = _server.ClientFor("carol");
        await AuditServer.SendAsync(carol, "none-carol", HttpMethod.Get, "/version");

        // Events are written in order: once a later request's event is there, the earlier ones would be too.
        await SendAsync("none-sentinel", HttpMethod.Get, "/version");
        await _server.Log.WaitForAsync("none-sentinel");
        Assert.Empty(_server.Log.For("none-healthz"));
        Assert.Empty(_server.Log.For("none-other-secret"));
        Assert.Empty(_server.Log.For("none-carol"));
    }

    [Fact]
    public async Task User_groups_verbs_resources_names_namespaces_and_paths_select_their_rules()
    {
        using var dave = _server.ClientFor("dave", "auditors");
        await AuditServer.SendAsync(dave, "rule-group", HttpMethod.Get, "/api/v1/namespaces/default/secrets/full");
        var group = await _server.Log.WaitForAsync("rule-group");
        Assert.Equal("Metadata", group.GetProperty("level").GetString());
        Assert.Equal("""{"username":"dave","groups":["auditors","system:authenticated"]}""", group.GetProperty("user").GetRawText());

        // resourceNames: "full" anywhere is RequestResponse, another name is not.
        await SendAsync("rule-name", HttpMethod.Get, "/api/v1/namespaces/kube-system/secrets/full");
        Assert.Equal("RequestResponse", (await _server.Log.WaitForAsync("rule-name")).GetProperty("level").GetString());

        // verbs + namespaces: a create in "req" is Request even for a configmap, whose own rule comes later.
        await SendAsync("rule-verb-ns", HttpMethod.Post, "/api/v1/namespaces/req/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rule-verb-ns"}}""");
        Assert.Equal("Request", (await _server.Log.WaitForAsync("rule-verb-ns")).GetProperty("level").GetString());
        await SendAsync("rule-get-ns", HttpMethod.Get, "/api/v1/namespaces/req/configmaps/rule-verb-ns");
        Assert.Equal("Metadata", (await _server.Log.WaitForAsync("rule-get-ns")).GetProperty("level").GetString());

        // nonResourceURLs with a trailing *.
        await SendAsync("rule-url", HttpMethod.Get, "/apis");
        Assert.Equal("Metadata", (await _server.Log.WaitForAsync("rule-url")).GetProperty("level").GetString());
    }

    [Fact]
    public async Task A_watch_has_a_ResponseStarted_event_before_it_completes()
    {
        await SendAsync("watch", HttpMethod.Get, "/api/v1/namespaces/default/secrets?watch=true&timeoutSeconds=1");
        var started = await _server.Log.WaitForAsync("watch", "ResponseStarted");
        var complete = await _server.Log.WaitForAsync("watch");
        Assert.Equal("watch", started.GetProperty("verb").GetString());
        Assert.Equal("""{"metadata":{},"code":200}""", started.GetProperty("responseStatus").GetRawText());
        Assert.Equal(["RequestReceived", "ResponseStarted", "ResponseComplete"], _server.Log.For("watch").Select(e => e.GetProperty("stage").GetString()));
        Assert.Equal("Metadata", complete.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Failures_carry_the_Status_and_a_refusal_the_forbid_decision()
    {
        var (notFound, _) = await AuditServer.SendAsync(_server.Admin, "fail-404", HttpMethod.Get, "/api/v1/namespaces/nowhere/secrets/full");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        var missing = await _server.Log.WaitForAsync("fail-404");
        Assert.Equal("""{"metadata":{},"status":"Failure","message":"secrets \"full\" not found","reason":"NotFound","details":{"name":"full","kind":"secrets"},"code":404}""",
            missing.GetProperty("responseStatus").GetRawText());

        using var bob = _server.ClientFor("bob", "auditors");
        var (forbidden, _) = await AuditServer.SendAsync(bob, "fail-403", HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/x");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var refused = await _server.Log.WaitForAsync("fail-403");
        Assert.Equal("forbid", refused.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());
        var status = refused.GetProperty("responseStatus");
        Assert.Equal(403, status.GetProperty("code").GetInt32());
        Assert.Equal("Forbidden", status.GetProperty("reason").GetString());
        Assert.Contains("User \"bob\" cannot delete resource \"configmaps\"", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task CreateSecretAsync(string ns, string name, string value, string auditId)
    {
        var (response, body) = await AuditServer.SendAsync(_server.Admin, auditId, HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}"},"data":{"k":"{{{value}}}"}}""");
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, body);
    }

    private async Task SendAsync(string auditId, HttpMethod method, string path, string? body = null)
    {
        var (response, text) = await AuditServer.SendAsync(_server.Admin, auditId, method, path, body);
        Assert.True((int)response.StatusCode < 500, text);
    }
}
