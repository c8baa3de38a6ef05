using System.Net;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class WatchTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/default/secrets";
    private TestApiServer server = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Watch_FromListResourceVersion_StreamsLaterChangesOnly()
    {
        await Client.CreateSecretAsync("before");
        var (_, list) = await Client.GetJsonAsync(Secrets);
        var rv = (string?)list!["metadata"]!["resourceVersion"];
        using var watch = await OpenAsync($"{Secrets}?resourceVersion={rv}&watch=true");

        await Client.CreateSecretAsync("s2");
        await Client.SendAsync(HttpMethod.Patch, Secrets + "/s2", """{"data":{"k":"dg=="}}""", "application/merge-patch+json");
        await Client.SendAsync(HttpMethod.Delete, Secrets + "/s2");

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        Assert.Equal(("ADDED", "s2"), ((string)added["type"]!, (string)added["object"]!["metadata"]!["name"]!));
        Assert.Equal("MODIFIED", (string?)modified["type"]);
        Assert.Equal("dg==", (string?)modified["object"]!["data"]!["k"]);
        Assert.Equal("DELETED", (string?)deleted["type"]);
        Assert.Equal("Secret", (string?)deleted["object"]!["kind"]);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithCurrentStateAsAdded()
    {
        await Client.CreateSecretAsync("a");

        using var watch = await OpenAsync("api/v1/watch/namespaces/default/secrets");

        var first = await watch.NextAsync();
        Assert.Equal("ADDED", (string?)first["type"]);
        Assert.Equal("a", (string?)first["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Watch_TableAccept_SendsOneRowTables()
    {
        var (_, list) = await Client.GetJsonAsync(Secrets);
        using var watch = await OpenAsync($"{Secrets}?resourceVersion={(string?)list!["metadata"]!["resourceVersion"]}&watch=true",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        await Client.CreateSecretAsync("s2");

        var e = await watch.NextAsync();
        Assert.Equal("Table", (string?)e["object"]!["kind"]);
        Assert.Equal("s2", (string?)e["object"]!["rows"]![0]!["cells"]![0]);
        Assert.Equal("Opaque", (string?)e["object"]!["rows"]![0]!["cells"]![1]);
    }

    [Fact]
    public async Task Watch_LabelSelector_ReportsObjectsLeavingTheSelectionAsDeleted()
    {
        await Client.CreateSecretAsync("s1", extra: ""","labels":{"app":"x"}""");
        var (_, list) = await Client.GetJsonAsync(Secrets);
        using var watch = await OpenAsync($"{Secrets}?resourceVersion={(string?)list!["metadata"]!["resourceVersion"]}&watch=true&labelSelector=app%3Dx");

        await Client.CreateSecretAsync("other");
        await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """{"metadata":{"labels":{"app":"y"}}}""", "application/merge-patch+json");

        var e = await watch.NextAsync();
        Assert.Equal("DELETED", (string?)e["type"]);
        Assert.Equal("s1", (string?)e["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Watch_CompactedResourceVersion_IsErrorEventWithExpiredStatus()
    {
        await Client.CreateSecretAsync("a");
        await Client.CreateSecretAsync("b");
        var revision = await server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        await server.Store.CompactAsync(revision, TestContext.Current.CancellationToken);

        using var watch = await OpenAsync($"{Secrets}?resourceVersion=1&watch=true");

        var e = await watch.NextAsync();
        Assert.Equal("ERROR", (string?)e["type"]);
        Assert.Equal(410, (int?)e["object"]!["code"]);
        Assert.Equal("Expired", (string?)e["object"]!["reason"]);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        using var watch = await OpenAsync($"{Secrets}?resourceVersion=1&watch=true&timeoutSeconds=1&allowWatchBookmarks=true");

        Assert.Null(await watch.NextOrEndAsync());
    }

    private async Task<WatchStream> OpenAsync(string path, string accept = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new WatchStream(request, response, new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken)));
    }

    private sealed class WatchStream(HttpRequestMessage request, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<JsonNode> NextAsync() =>
            await NextOrEndAsync() ?? throw new InvalidOperationException("the watch stream ended");

        public async Task<JsonNode?> NextOrEndAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            var line = await reader.ReadLineAsync(timeout.Token);
            return line is null ? null : JsonNode.Parse(line);
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            request.Dispose();
        }
    }
}
