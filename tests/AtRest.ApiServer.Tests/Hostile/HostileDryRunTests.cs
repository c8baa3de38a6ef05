using System.Text;
using AtRest.ApiServer.Tests.EndToEnd;
using static AtRest.ApiServer.Tests.Hostile.HostileRequests;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// A dry run changes no byte in the store, wherever kube-apiserver takes <c>dryRun</c>: the query of every verb, and
/// the DeleteOptions body of DELETE and DELETECOLLECTION in JSON, YAML and protobuf (kubectl 1.27+ sends it there).
/// Each test compares a full store dump (every key, value hash and revision) before and after.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileDryRunTests : IAsyncLifetime
{
    private HostileServer _server = null!;
    private HttpClient _client = null!;

    public static TheoryData<string, string> DeletePathsAndBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in (string[])[$"api/v1/namespaces/{Victim}/secrets/s1", $"api/v1/namespaces/{Victim}/configmaps/c1",
                     $"api/v1/namespaces/{Victim}", $"api/v1/namespaces/{Victim}/secrets", $"api/v1/namespaces/{Victim}/configmaps"])
        {
            foreach (var format in (string[])["json", "yaml", "protobuf"])
            {
                data.Add(path, format);
            }
        }

        return data;
    }

    public async ValueTask InitializeAsync()
    {
        _server = await HostileServer.StartAsync();
        _client = _server.AdminClient();
        await SeedAsync(_client);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(DeletePathsAndBodies))]
    public async Task Delete_with_dryRun_in_the_DeleteOptions_body_changes_nothing(string path, string format)
    {
        var before = await _server.DumpAsync();
        var (body, contentType) = format switch
        {
            "json" => (Encoding.UTF8.GetBytes("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background","dryRun":["All"]}"""), "application/json"),
            "yaml" => (Encoding.UTF8.GetBytes("kind: DeleteOptions\napiVersion: v1\npropagationPolicy: Background\ndryRun:\n- All\n"), "application/yaml"),
            _ => (ProtobufDeleteOptions("Background", "All"), "application/vnd.kubernetes.protobuf"),
        };

        var (status, json, _) = await _client.SendAsync("DELETE", path, body, contentType);

        Assert.True(status == 200, $"{status} {json?.ToJsonString()}\n{_server.Log}");
        Assert.Equal(before, await _server.DumpAsync());
    }

    [Fact]
    public async Task DryRun_on_every_verb_in_the_query_or_the_body_changes_nothing()
    {
        var before = await _server.DumpAsync();
        var secrets = $"api/v1/namespaces/{Victim}/secrets";
        const string Body = """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}""";
        await ExpectAsync(_client, "POST", $"{secrets}?dryRun=All", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"new"},"data":{"a":"Yg=="}}""", 201);
        await ExpectAsync(_client, "POST", "api/v1/namespaces?dryRun=All", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"newns"}}""", 201);
        await ExpectAsync(_client, "PUT", $"{secrets}/s1?dryRun=All", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"user":"cm9vdA=="}}""", 200);
        await ExpectAsync(_client, "PATCH", $"{secrets}/s1?dryRun=All", """{"data":{"user":"cm9vdA=="}}""", 200, "application/merge-patch+json");
        await ExpectAsync(_client, "PATCH", $"{secrets}/applied?dryRun=All&fieldManager=t",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\ndata:\n  a: Yg==\n", 201, "application/apply-patch+yaml");
        await ExpectAsync(_client, "DELETE", $"{secrets}/s1?dryRun=All", null, 200);
        await ExpectAsync(_client, "DELETE", $"{secrets}?dryRun=All", null, 200);
        await ExpectAsync(_client, "DELETE", $"api/v1/namespaces/{Victim}?dryRun=All", null, 200);
        await ExpectAsync(_client, "DELETE", $"{secrets}/s1", Body, 200);
        await ExpectAsync(_client, "DELETE", $"{secrets}", Body, 200);
        await ExpectAsync(_client, "DELETE", $"api/v1/namespaces/{Victim}", Body, 200);

        // kube-apiserver reads the query only without a body; here a dry run asked for in either place is honoured.
        await ExpectAsync(_client, "DELETE", $"{secrets}/s1?dryRun=All", """{"kind":"DeleteOptions","apiVersion":"v1"}""", 200);
        await ExpectAsync(_client, "DELETE", $"api/v1/namespaces/{Victim}?dryRun=All", """{"kind":"DeleteOptions","apiVersion":"v1"}""", 200);

        Assert.Equal(before, await _server.DumpAsync());
    }

    [Theory]
    [InlineData("DELETE", "api/v1/namespaces/victim/secrets/s1", """{"dryRun":["Yes"]}""", "DeleteOptions")]
    [InlineData("DELETE", "api/v1/namespaces/victim/secrets/s1?dryRun=Yes", null, "DeleteOptions")]
    [InlineData("DELETE", "api/v1/namespaces/victim?dryRun=Yes", null, "DeleteOptions")]
    [InlineData("DELETE", "api/v1/namespaces/victim/configmaps", """{"dryRun":["Yes"]}""", "DeleteOptions")]
    [InlineData("POST", "api/v1/namespaces/victim/secrets?dryRun=Yes", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""", "CreateOptions")]
    [InlineData("PUT", "api/v1/namespaces/victim/secrets/s1?dryRun=Yes", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"}}""", "UpdateOptions")]
    public async Task Unsupported_dryRun_values_are_kubes_422_and_change_nothing(string method, string path, string? body, string kind)
    {
        var before = await _server.DumpAsync();

        var json = await ExpectAsync(_client, method, path, body, 422);

        Assert.Equal($"{kind}.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{{\"Yes\"}}: supported values: \"All\"", json!["message"]!.GetValue<string>());
        Assert.Equal("Invalid", json["reason"]!.GetValue<string>());
        Assert.Equal("FieldValueNotSupported", json["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(before, await _server.DumpAsync());
    }

    [Theory]
    [InlineData("""{"dryRun":"All"}""", "json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string")]
    [InlineData("""{"dryRun":[true]}""", "json: cannot unmarshal bool into Go struct field DeleteOptions.dryRun of type string")]
    [InlineData("""["All"]""", "json: cannot unmarshal array into Go value of type v1.DeleteOptions")]
    public async Task A_DeleteOptions_body_that_does_not_decode_is_400_and_deletes_nothing(string body, string message)
    {
        var before = await _server.DumpAsync();

        var json = await ExpectAsync(_client, "DELETE", $"api/v1/namespaces/{Victim}", body, 400);

        Assert.StartsWith("DeleteOptions cannot be decoded: ", json!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(message, json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await _server.DumpAsync());
    }

    [Fact]
    public async Task Real_kubectl_delete_dry_run_server_deletes_nothing_in_any_version()
    {
        var kubeconfig = _server.WriteKubeconfig();
        var binaries = KubectlVersions();
        var before = await _server.DumpAsync();

        foreach (var binary in binaries)
        {
            var kubectl = new EndToEnd.Kubectl(binary, kubeconfig, Path.Combine(_server.Directory, Path.GetFileName(binary)));
            var secret = await kubectl.RunAsync("delete", "secret", "s1", "-n", Victim, "--dry-run=server");
            Assert.True(secret.ExitCode == 0, $"{binary}: {secret.Stderr}\n{_server.Log}");
            Assert.Contains("secret \"s1\" deleted (server dry run)", secret.Stdout, StringComparison.Ordinal);
            var ns = await kubectl.RunAsync("delete", "ns", Victim, "--dry-run=server");
            Assert.True(ns.ExitCode == 0, $"{binary}: {ns.Stderr}\n{_server.Log}");
            Assert.Contains($"namespace \"{Victim}\" deleted (server dry run)", ns.Stdout, StringComparison.Ordinal);

            Assert.Equal(before, await _server.DumpAsync());
        }

        // The same commands without --dry-run really delete: the dry runs above were not no-ops by accident.
        var last = new EndToEnd.Kubectl(binaries[^1], kubeconfig, Path.Combine(_server.Directory, "real"));
        Assert.Equal(0, (await last.RunAsync("delete", "ns", Victim)).ExitCode);
        Assert.NotEqual(before, await _server.DumpAsync());
    }

    // Debian's kubectl 1.20 first, then the dispatcher's bundled kubectl.1.NN (1.27–1.33 here). 1.20 looks for dryRun in
    // the OpenAPI document before sending anything: it refused on its own ("doesn't support dry-run") while that document
    // had no schemas, and sends the request now that it has them.
    private static List<string> KubectlVersions()
    {
        var debian = KubectlBinaries.Debian120
            ?? throw new InvalidOperationException("Debian's kubectl 1.20 is not unpacked under .build/debian; scripts/test installs it");
        var dispatcher = KubectlBinaries.Dispatcher;
        var directory = Path.GetDirectoryName(new FileInfo(dispatcher).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dispatcher)!;
        var binaries = KubectlBinaries.DispatcherMinors
            .Select(minor => Path.Combine(directory, $"kubectl.1.{minor}"))
            .Where(File.Exists)
            .Prepend(debian)
            .ToList();
        Assert.NotEmpty(binaries);
        return binaries;
    }
}
