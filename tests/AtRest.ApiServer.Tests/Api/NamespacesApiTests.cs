using System.Net;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class NamespacesApiTests : IAsyncLifetime
{
    private TestApiServer server = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task BuiltInNamespaces_ExistAfterStart()
    {
        var (_, list) = await Client.GetJsonAsync("api/v1/namespaces");

        var names = list!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);
    }

    [Fact]
    public async Task Create_SetsPhaseFinalizerAndNameLabel()
    {
        var (response, body) = await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Active", (string?)body!["status"]!["phase"]);
        Assert.Equal("kubernetes", (string?)body["spec"]!["finalizers"]![0]);
        Assert.Equal("team-a", (string?)body["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task Create_KubectlProtobufBody_IsDecoded()
    {
        // kubectl 1.32 `create namespace team-a` (kubectl-wire-protocol.md §9).
        var bytes = Convert.FromHexString(
            "6b3873000a0f0a0276311209" + "4e616d657370616365121e0a160a067465616d2d6112001a0022002a003200380042001200" + "1a020a001a002200");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict")
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new("application/vnd.kubernetes.protobuf");

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (again, againBody) = await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("namespaces \"team-a\" already exists", (string?)againBody!["message"]);
    }

    [Fact]
    public async Task Create_NameNotADnsLabel_IsInvalid()
    {
        var (response, body) = await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a.b"}}""");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.StartsWith("Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of", (string?)body!["message"]);
    }

    [Fact]
    public async Task Delete_RemovesContentsThenNamespace()
    {
        await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");
        await Client.CreateSecretAsync("s1", "team-a");
        await Client.PostJsonAsync("api/v1/namespaces/team-a/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"}}""");
        await Client.CreateSecretAsync("keep");

        var (response, body) = await Client.SendAsync(HttpMethod.Delete, "api/v1/namespaces/team-a", """{"propagationPolicy":"Background"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Terminating", (string?)body!["status"]!["phase"]);
        Assert.NotNull(body["metadata"]!["deletionTimestamp"]);

        // The namespace controller empties and removes it in the background.
        var (get, getBody) = await Client.GetJsonAsync("api/v1/namespaces/team-a");
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (get.StatusCode == HttpStatusCode.OK && !guard.IsCancellationRequested)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            (get, getBody) = await Client.GetJsonAsync("api/v1/namespaces/team-a");
        }

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("namespaces \"team-a\" not found", (string?)getBody!["message"]);
        var (_, secrets) = await Client.GetJsonAsync("api/v1/secrets");
        Assert.Equal(["keep"], secrets!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        var (_, maps) = await Client.GetJsonAsync("api/v1/configmaps");
        Assert.Empty(maps!["items"]!.AsArray());
    }

    [Fact]
    public async Task Delete_BuiltIn_IsForbidden()
    {
        var (response, body) = await Client.SendAsync(HttpMethod.Delete, "api/v1/namespaces/default");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("namespaces \"default\" is forbidden: this namespace may not be deleted", (string?)body!["message"]);
    }

    [Fact]
    public async Task Table_HasNameStatusAge()
    {
        var (_, table) = await Client.GetJsonAsync("api/v1/namespaces?limit=500", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        Assert.Equal(["Name", "Status", "Age"], table!["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal("Active", (string?)table["rows"]![0]!["cells"]![1]);
    }

    [Fact]
    public async Task Update_KeepsStatusAndFinalizers()
    {
        await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");

        var (response, body) = await Client.SendAsync(HttpMethod.Put, "api/v1/namespaces/team-a",
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"x":"y"}},"spec":{"finalizers":[]},"status":{"phase":"Terminating"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Active", (string?)body!["status"]!["phase"]);
        Assert.Equal("kubernetes", (string?)body["spec"]!["finalizers"]![0]);
        Assert.Equal("y", (string?)body["metadata"]!["labels"]!["x"]);
    }
}
