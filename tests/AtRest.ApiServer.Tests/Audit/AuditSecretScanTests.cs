using System.Net;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>
/// The suite-style scan: distinctive secret and configmap values written through the real kubectl in every way it
/// writes them (create, apply with last-applied, strategic/merge/JSON patch, replace, a refused create, a conflict),
/// read back (get, list, watch) and deleted, with the policy at RequestResponse for everything and an encryption
/// configuration that covers configmaps too; then the audit log, the server's log and /metrics hold none of the
/// values, neither as written nor in base64, while equal values carry equal fingerprints.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditSecretScanTests
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: RequestResponse
        """;

    private const string EncryptionConfig = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets, configmaps]
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: c2VjcmV0IGlzIHNlY3VyZSwgSSB0aGluayB0aGF0IGk=
              - identity: {}
        """;

    // Distinctive values, one per way of writing: none may appear anywhere once the run is over.
    private static readonly string[] Values = Enumerable.Range(0, 13).Select(i => $"Sc4nV4lue-{i:D2}-{Guid.NewGuid():N}").ToArray();

    [Fact]
    public async Task No_value_written_through_kubectl_reaches_the_audit_log_the_server_log_or_metrics()
    {
        using var configDirectory = new AtRest.Tests.Shared.TempDirectory("audit-scan-config");
        var configPath = configDirectory.File("encryption.yaml");
        await File.WriteAllTextAsync(configPath, EncryptionConfig, TestContext.Current.CancellationToken);
        await using var server = await AuditServer.StartAsync(Policy, "--encryption-provider-config", configPath);
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, server.Process.Server.KubeconfigPath, server.Directory.File("kubectl"));
        var v = Values;

        (await kubectl.RunAsync("create", "secret", "generic", "s1", $"--from-literal=a={v[0]}", $"--from-literal=b={v[1]}")).EnsureSuccess();
        (await kubectl.RunAsync("create", "secret", "generic", "s1b", $"--from-literal=same={v[0]}")).EnsureSuccess();
        (await kubectl.RunAsync("create", "configmap", "c1", $"--from-literal=c={v[2]}")).EnsureSuccess();
        (await kubectl.RunAsync(["apply", "-f", "-"], Manifest("s2", "d", v[3]), editor: null)).EnsureSuccess();
        (await kubectl.RunAsync(["apply", "-f", "-"], Manifest("s2", "d", v[4]), editor: null)).EnsureSuccess();
        (await kubectl.RunAsync("patch", "secret", "s1", "-p", $$$"""{"stringData":{"e":"{{{v[5]}}}"}}""")).EnsureSuccess();
        (await kubectl.RunAsync("patch", "secret", "s1", "--type=json", "-p", $$$"""[{"op":"add","path":"/data/f","value":"{{{B64(v[6])}}}"}]""")).EnsureSuccess();
        (await kubectl.RunAsync("patch", "secret", "s1", "--type=merge", "-p", $$$"""{"data":{"g":"{{{B64(v[7])}}}"}}""")).EnsureSuccess();
        (await kubectl.ShellAsync($"kubectl create secret generic s1 --from-literal=a={v[0]} --from-literal=h={v[8]} --dry-run=client -o json | kubectl replace -f -"))
            .EnsureSuccess();
        (await kubectl.RunAsync("patch", "configmap", "c1", "-p", $$$"""{"data":{"c2":"{{{v[9]}}}"}}""")).EnsureSuccess();

        var conflict = await kubectl.RunAsync("create", "secret", "generic", "s1b", $"--from-literal=x={v[10]}");
        Assert.Contains("already exists", conflict.Stderr, StringComparison.Ordinal);
        var invalid = await kubectl.RunAsync(["create", "-f", "-"],
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"bad"},"data":{"bad key!":"{{{B64(v[11])}}}"}}""", editor: null);
        Assert.NotEqual(0, invalid.ExitCode);

        // A watch that sees a new secret arrive, then ends by its own timeout.
        var watch = await kubectl.ShellAsync(
            $"(kubectl get secrets -w -o json --request-timeout=8s > {server.Directory.File("watch.out")} 2>&1 || true) & sleep 3; " +
            $"kubectl create secret generic s3 --from-literal=w={v[12]}; wait");
        watch.EnsureSuccess();
        Assert.Contains("\"s3\"", await File.ReadAllTextAsync(server.Directory.File("watch.out"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        (await kubectl.RunAsync("get", "secret", "s1", "-o", "yaml")).EnsureSuccess();
        (await kubectl.RunAsync("get", "secrets")).EnsureSuccess();
        (await kubectl.RunAsync("get", "secrets,configmaps", "-A", "-o", "json")).EnsureSuccess();
        (await kubectl.RunAsync("delete", "secret", "s2", "s3")).EnsureSuccess();
        var (last, _) = await AuditServer.SendAsync(server.Admin, "scan-last", HttpMethod.Get, "/api/v1/namespaces/default/secrets/s1");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var lastEvent = await server.Log.WaitForAsync("scan-last");
        var metrics = await server.Admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        var audit = server.Log.Text;
        var places = new Dictionary<string, string> { ["audit log"] = audit, ["server log"] = server.Process.Server.Log, ["/metrics"] = metrics };
        foreach (var (place, text) in places)
        {
            foreach (var value in v)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"the {place} holds a secret value");
                Assert.False(text.Contains(B64(value), StringComparison.Ordinal), $"the {place} holds a secret value in base64");
                Assert.False(text.Contains(B64(value).TrimEnd('='), StringComparison.Ordinal), $"the {place} holds a secret value in base64");
            }
        }

        // The scan is not empty: every write was recorded with its body, fingerprinted.
        var events = AuditLogFile.Parse(server.Log.Path).Where(e => e.GetProperty("stage").GetString() == "ResponseComplete").ToList();
        Assert.Contains(events, e => Verb(e) == "patch" && e.TryGetProperty("requestObject", out _));
        Assert.Contains(events, e => Verb(e) == "update" && e.TryGetProperty("requestObject", out _));
        Assert.Contains(events, e => Verb(e) == "watch");
        Assert.Contains(events, e => Verb(e) == "delete" && e.TryGetProperty("responseObject", out _));
        Assert.Contains(events, e => e.GetProperty("responseStatus").GetProperty("code").GetInt32() == 409 && e.TryGetProperty("requestObject", out _));
        Assert.Contains(events, e => e.GetProperty("responseStatus").GetProperty("code").GetInt32() == 422 && e.TryGetProperty("requestObject", out _));

        // Equal values, equal fingerprints: s1's "a" and s1b's "same" were written apart, both hold v[0].
        var s1 = CreateOf(events, "s1").GetProperty("requestObject").GetProperty("data").GetProperty("a").GetString();
        var s1b = CreateOf(events, "s1b").GetProperty("requestObject").GetProperty("data").GetProperty("same").GetString();
        Assert.StartsWith("hmac-sha256:", s1, StringComparison.Ordinal);
        Assert.Equal(s1, s1b);
        Assert.Equal(s1, lastEvent.GetProperty("responseObject").GetProperty("data").GetProperty("a").GetString());
        var c1 = CreateOf(events, "c1").GetProperty("requestObject").GetProperty("data").GetProperty("c").GetString();
        Assert.StartsWith("hmac-sha256:", c1, StringComparison.Ordinal);
        var applied = events.Last(e => Verb(e) == "patch" && Name(e) == "s2");
        Assert.StartsWith("hmac-sha256:", applied.GetProperty("responseObject").GetProperty("metadata").GetProperty("annotations")
            .GetProperty("kubectl.kubernetes.io/last-applied-configuration").GetString(), StringComparison.Ordinal);
    }

    private static string Manifest(string name, string key, string value) =>
        $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}"},"stringData":{"{{{key}}}":"{{{value}}}"}}""";

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? Verb(JsonElement e) => e.GetProperty("verb").GetString();

    private static string? Name(JsonElement e) =>
        e.TryGetProperty("objectRef", out var r) && r.TryGetProperty("name", out var n) ? n.GetString() : null;

    private static JsonElement CreateOf(List<JsonElement> events, string name) =>
        events.First(e => Verb(e) == "create" && Name(e) == name && e.GetProperty("responseStatus").GetProperty("code").GetInt32() == 201);
}
