using System.Text;
using System.Text.Json.Nodes;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// A watch whose backend fails: the client gets an ERROR event carrying a Status and then the end of the stream, not a
/// stream that just stops; a short outage that the store rides out loses no event.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileWatchFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly TempDirectory scratch = new("watch-faults");
    private EtcdServer etcd = null!;
    private AtRestServer server = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server = await AtRestServer.StartAsync(scratch.File("data"), ["--etcd-servers", etcd.Endpoint], TestContext.Current.CancellationToken);
        client = WatchClients.Create(server);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await etcd.DisposeAsync();
        scratch.Dispose();
    }

    [Fact]
    public async Task Etcd_stopped_mid_watch_ends_the_watch_with_an_ERROR_Status_event()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var token = deadline.Token;
        using var watch = await StartWatchAsync(token);
        using var events = new WatchStreamReader(await watch.Content.ReadAsStreamAsync(token));
        await CreateConfigMapAsync("before-outage", token);
        Assert.Equal("before-outage", (string?)(await events.NextAsync(token))?["object"]?["metadata"]?["name"]);

        etcd.Kill();

        var error = await events.NextAsync(token);
        Assert.NotNull(error);
        Assert.True((string?)error["type"] == "ERROR", $"expected an ERROR event after etcd stopped, got {error.ToJsonString()}");
        var status = error["object"]!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Contains((int)status["code"]!, new[] { 500, 503 });
        Assert.Contains("etcd", (string?)status["message"], StringComparison.Ordinal);
        Assert.Null(await events.NextAsync(token));
    }

    [Fact]
    public async Task Etcd_restarted_mid_watch_keeps_the_watch_and_loses_no_event()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var token = deadline.Token;
        using var watch = await StartWatchAsync(token);
        using var events = new WatchStreamReader(await watch.Content.ReadAsStreamAsync(token));
        await CreateConfigMapAsync("before-restart", token);
        Assert.Equal("before-restart", (string?)(await events.NextAsync(token))?["object"]?["metadata"]?["name"]);

        await etcd.RestartAsync(token);
        await CreateConfigMapAsync("after-restart", token);

        var next = await events.NextAsync(token);
        Assert.NotNull(next);
        Assert.True((string?)next["type"] == "ADDED", $"expected the watch to go on after etcd came back, got {next.ToJsonString()}");
        Assert.Equal("after-restart", (string?)next["object"]?["metadata"]?["name"]);
    }

    private async Task<HttpResponseMessage> StartWatchAsync(CancellationToken token)
    {
        var list = JsonNode.Parse(await client.GetStringAsync("api/v1/namespaces/default/configmaps", token))!;
        var revision = (string)list["metadata"]!["resourceVersion"]!;
        return await WatchClients.StartWatchAsync(client, $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={revision}", token);
    }

    private async Task CreateConfigMapAsync(string name, CancellationToken token)
    {
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var created = await client.PostAsync("api/v1/namespaces/default/configmaps", content, token);
        Assert.True(created.IsSuccessStatusCode, $"creating {name} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(token)}");
    }
}
