using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.Cli.Tests.Server;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.Export;

/// <summary>
/// <c>atrest export</c> and <c>atrest import</c> on stores the real server wrote (SQLite and real etcd): the dump
/// imported under another configuration serves every object again with its uid, creationTimestamp, labels,
/// annotations and data; <c>kubectl apply -f</c> takes the dump; unreadable values are named and the rest exported.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExportImportTests
{
    private const string Marker = "s3cr3t-value-7f2c";

    private const string ConfigA = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["secrets"]
            providers: [{aescbc: {keys: [{name: a1, secret: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=}]}}]
          - resources: ["configmaps"]
            providers: [{secretbox: {keys: [{name: a2, secret: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=}]}}]
        """;

    private const string ConfigB = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["secrets"]
            providers: [{secretbox: {keys: [{name: b1, secret: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=}]}}]
          - resources: ["configmaps"]
            providers: [{aesgcm: {keys: [{name: b2, secret: AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=}]}}]
        """;

    private const string IdentityOnly = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["secrets", "configmaps"]
            providers: [{identity: {}}]
        """;

    private static readonly string[] Paths =
    [
        "/api/v1/namespaces/team-a",
        "/api/v1/namespaces/default/secrets/db",
        "/api/v1/namespaces/team-a/secrets/api",
        "/api/v1/namespaces/team-a/configmaps/settings",
    ];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task EmbeddedStore_RoundTripsUnderAnotherConfiguration()
    {
        using var dir = new TempDirectory("export");
        var configs = WriteConfigs(dir);
        var original = await WriteObjectsAsync(dir.File("data1"), ["--encryption-provider-config", configs.A]);
        // A key of a resource AtRest does not serve, as a real cluster's store holds many: passed over, not an error.
        await using (var foreign = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = dir.File("data1/state.db"), CompactionInterval = TimeSpan.Zero }))
        {
            await foreign.CreateAsync("/registry/leases/kube-node-lease/node-1", "k8s\0not-ours"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        var exported = await RunAsync("export", "--decrypt", "--encryption-provider-config", configs.A, "--data-dir", dir.File("data1"), "-o", "json", "-f", dir.File("dump.json"));
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.Contains("exported 4 object(s)", exported.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 key(s) of other resources skipped", exported.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("dump.json")));
        Assert.DoesNotContain(Marker, exported.Stderr, StringComparison.Ordinal);

        var imported = await RunAsync("import", "-f", dir.File("dump.json"), "--encryption-provider-config", configs.B, "--data-dir", dir.File("data2"));
        Assert.True(imported.ExitCode == 0, imported.Stderr);

        var again = await RunAsync("import", "-f", dir.File("dump.json"), "--encryption-provider-config", configs.B, "--data-dir", dir.File("data2"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exist in the store (/registry/", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("--overwrite", again.Stderr, StringComparison.Ordinal);
        var overwritten = await RunAsync("import", "-f", dir.File("dump.json"), "--encryption-provider-config", configs.B, "--data-dir", dir.File("data2"), "--overwrite");
        Assert.True(overwritten.ExitCode == 0, overwritten.Stderr);
        Assert.Contains("replaced)", overwritten.Stderr, StringComparison.Ordinal);

        var raw = await RunAsync("etcdctl", "--data-dir", dir.File("data2"), "get", "/registry/secrets/default/db", "--print-value-only");
        Assert.StartsWith("k8s:enc:secretbox:v1:b1:", Encoding.Latin1.GetString(raw.Stdout), StringComparison.Ordinal);

        await AssertServedAsync(dir.File("data2"), ["--encryption-provider-config", configs.B], original);
    }

    [Fact]
    public async Task Etcd_RoundTripsIntoAFreshPrefixUnderAnotherConfiguration()
    {
        using var dir = new TempDirectory("export");
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var configs = WriteConfigs(dir);
        string[] source = ["--etcd-servers", etcd.Endpoint, "--etcd-prefix", "/first"];
        string[] target = ["--etcd-servers", etcd.Endpoint, "--etcd-prefix", "/second"];
        var original = await WriteObjectsAsync(dir.File("data1"), ["--encryption-provider-config", configs.A, .. source]);

        var exported = await RunAsync(["export", "--decrypt", "--encryption-provider-config", configs.A, .. source, "-f", dir.File("dump.yaml")]);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        var imported = await RunAsync(["import", "-f", dir.File("dump.yaml"), "--encryption-provider-config", configs.B, .. target]);
        Assert.True(imported.ExitCode == 0, imported.Stderr);

        await AssertServedAsync(dir.File("data2"), ["--encryption-provider-config", configs.B, .. target], original);
    }

    [Fact]
    public async Task UnreadableValues_AreNamedAndTheRestIsStillExported()
    {
        using var dir = new TempDirectory("export");
        var configs = WriteConfigs(dir);
        await WriteObjectsAsync(dir.File("data1"), ["--encryption-provider-config", configs.A]);

        var exported = await RunAsync("export", "--decrypt", "--encryption-provider-config", configs.Identity, "--data-dir", dir.File("data1"));

        Assert.Equal(1, exported.ExitCode);
        Assert.Contains("error: /registry/secrets/default/db: cannot decrypt: ", exported.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: /registry/configmaps/team-a/settings: cannot decrypt: ", exported.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, exported.Stderr, StringComparison.Ordinal);
        Assert.Contains("kind: List", exported.StdoutText, StringComparison.Ordinal);
        Assert.Contains("name: team-a", exported.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: Secret", exported.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubectlApply_TakesTheExport()
    {
        using var dir = new TempDirectory("export");
        var configs = WriteConfigs(dir);
        var original = await WriteObjectsAsync(dir.File("data1"), ["--encryption-provider-config", configs.A]);
        var exported = await RunAsync("export", "--decrypt", "--encryption-provider-config", configs.A, "--data-dir", dir.File("data1"), "-f", dir.File("dump.yaml"));
        Assert.True(exported.ExitCode == 0, exported.Stderr);

        await using var fresh = await AtRestServer.StartAsync(dir.File("data3"), ["--encryption-provider-config", configs.B], TestContext.Current.CancellationToken);
        var applied = await KubectlAsync(fresh, "apply", "-f", dir.File("dump.yaml"));
        Assert.True(applied.ExitCode == 0, $"{applied.Output}\n{fresh.Log}");

        using var client = ServerAdminClient.Create(fresh, TimeSpan.FromMinutes(1));
        foreach (var path in Paths.Skip(1))
        {
            var served = await GetAsync(client, path);
            Assert.True(JsonNode.DeepEquals(original[path]["data"], served["data"]), path);
            Assert.True(JsonNode.DeepEquals(original[path]["metadata"]!["labels"], served["metadata"]!["labels"]), path);
        }
    }

    private static (string A, string B, string Identity) WriteConfigs(TempDirectory dir)
    {
        File.WriteAllText(dir.File("a.yaml"), ConfigA);
        File.WriteAllText(dir.File("b.yaml"), ConfigB);
        File.WriteAllText(dir.File("identity.yaml"), IdentityOnly);
        return (dir.File("a.yaml"), dir.File("b.yaml"), dir.File("identity.yaml"));
    }

    // Creates the objects through the real server and returns them as it serves them.
    private static async Task<Dictionary<string, JsonNode>> WriteObjectsAsync(string dataDirectory, string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AtRestServer.StartAsync(dataDirectory, arguments, ct);
        using var client = ServerAdminClient.Create(server, TimeSpan.FromMinutes(1));
        var value = Convert.ToBase64String(Encoding.UTF8.GetBytes(Marker));
        await PostAsync(client, server, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"team":"a"}}}""");
        await PostAsync(client, server, "/api/v1/namespaces/default/secrets",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","labels":{"app":"db"},"annotations":{"owner":"ops"}},"type":"Opaque","data":{"password":"{{{value}}}"}}""");
        await PostAsync(client, server, "/api/v1/namespaces/team-a/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"api","labels":{"app":"api"}},"data":{"token":"dG9rZW4="}}""");
        await PostAsync(client, server, "/api/v1/namespaces/team-a/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","annotations":{"note":"x"}},"data":{"mode":"fast"}}""");
        var served = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var path in Paths)
        {
            served[path] = await GetAsync(client, path);
        }

        return served;
    }

    private static async Task AssertServedAsync(string dataDirectory, string[] arguments, Dictionary<string, JsonNode> original)
    {
        await using var server = await AtRestServer.StartAsync(dataDirectory, arguments, TestContext.Current.CancellationToken);
        using var client = ServerAdminClient.Create(server, TimeSpan.FromMinutes(1));
        foreach (var path in Paths)
        {
            var served = await GetAsync(client, path);
            foreach (var field in new[] { "uid", "creationTimestamp", "labels", "annotations" })
            {
                Assert.True(JsonNode.DeepEquals(original[path]["metadata"]![field], served["metadata"]![field]), $"{path} metadata.{field}: {served.ToJsonString()}");
            }

            Assert.True(JsonNode.DeepEquals(original[path]["data"], served["data"]), $"{path} data");
        }
    }

    private static async Task PostAsync(HttpClient client, AtRestServer server, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{server.Log}");
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr, string StdoutText)> RunAsync(params string[] arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var (exitCode, stdout, stderr) = await AtRestServer.RunCliAsync(arguments, timeout.Token);
        return (exitCode, stdout, stderr, Encoding.UTF8.GetString(stdout));
    }

    private static async Task<(int ExitCode, string Output)> KubectlAsync(AtRestServer server, params string[] arguments)
    {
        var kubectl = Path.Combine(SharedData.RepositoryRoot, ".build", "debian", "kubernetes-client", "usr", "bin", "kubectl");
        Assert.True(File.Exists(kubectl), $"kubectl is missing at {kubectl}; ./scripts/test unpacks Debian's kubernetes-client there");
        var info = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(server.KubeconfigPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
