using System.Net;
using System.Text.Json;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// etcd lost under a running server, and a server started before etcd: requests get a 503 Status with
/// <c>Retry-After</c> instead of hanging, <c>/readyz</c> says why, and the server serves again once etcd is back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileBackendFaultTests : IDisposable
{
    // Only keeps a hung request from hanging the test; the server answers well within it.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _scratch = new("hostile-backend");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Killed_etcd_gives_503_with_Retry_After_and_readyz_fails_until_it_is_back()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: Cancel);
        await using var server = await AtRestServer.StartAsync(_scratch.File("data"), ["--etcd-servers", etcd.Endpoint], Cancel);
        using var client = ServerAdminClient.Create(server, ClientTimeout);
        Assert.Equal(HttpStatusCode.Created, (await CreateConfigMapAsync(client, "before")).StatusCode);

        etcd.Kill();

        foreach (var response in new[]
                 {
                     await client.GetAsync("/api/v1/namespaces/default/configmaps/before", Cancel),
                     await client.GetAsync("/api/v1/namespaces/default/configmaps", Cancel),
                     await CreateConfigMapAsync(client, "during"),
                 })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"no Retry-After on {response.RequestMessage?.RequestUri}");
            using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
            Assert.Equal("ServiceUnavailable", status.RootElement.GetProperty("reason").GetString());
            Assert.Equal(503, status.RootElement.GetProperty("code").GetInt32());
            Assert.Contains($"etcd at {etcd.Endpoint}", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var ready = await client.GetAsync("/readyz?verbose", Cancel);
        Assert.Equal(HttpStatusCode.InternalServerError, ready.StatusCode);
        Assert.Contains("[-]etcd failed", await ready.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);

        await etcd.StartAgainAsync(Cancel);

        await EventuallyOkAsync(client, "/readyz");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default/configmaps/before", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateConfigMapAsync(client, "after")).StatusCode);
    }

    [Fact]
    public async Task A_stopped_etcd_that_keeps_its_connections_but_never_answers_gives_503()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: Cancel);
        await using var server = await AtRestServer.StartAsync(_scratch.File("data"), ["--etcd-servers", etcd.Endpoint], Cancel);
        using var client = ServerAdminClient.Create(server, ClientTimeout);
        Assert.Equal(HttpStatusCode.Created, (await CreateConfigMapAsync(client, "before")).StatusCode);

        etcd.Member.Freeze();
        try
        {
            var read = await client.GetAsync("/api/v1/namespaces/default/configmaps/before", Cancel);
            var write = await CreateConfigMapAsync(client, "during");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.NotNull(read.Headers.RetryAfter);
            Assert.Contains($"etcd at {etcd.Endpoint} did not answer within", await write.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            var ready = await client.GetAsync("/readyz?verbose", Cancel);
            Assert.Equal(HttpStatusCode.InternalServerError, ready.StatusCode);
            Assert.Contains("[-]etcd failed", await ready.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
        finally
        {
            etcd.Member.Thaw();
        }

        await EventuallyOkAsync(client, "/readyz");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default/configmaps/before", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_server_started_while_etcd_is_down_waits_with_a_log_line_and_serves_once_etcd_is_up()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: Cancel);
        etcd.Kill();

        var waitingLine = $"atrest: waiting for etcd at {etcd.Endpoint}: ";
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = AtRestServer.StartAsync(_scratch.File("data"), ["--etcd-servers", etcd.Endpoint], line =>
        {
            if (line.StartsWith(waitingLine, StringComparison.Ordinal))
            {
                waiting.TrySetResult();
            }
        }, Cancel);

        // The server reports the wait before etcd comes back; it must neither exit nor serve meanwhile.
        await Task.WhenAny(waiting.Task, starting).WaitAsync(TimeSpan.FromSeconds(45), Cancel);
        Assert.False(starting.IsCompleted, "the server finished starting (or failed) while etcd was down");
        await etcd.StartAgainAsync(Cancel);
        await using var server = await starting;

        Assert.Contains(waitingLine, server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);
        using var client = ServerAdminClient.Create(server, ClientTimeout);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateConfigMapAsync(client, "first")).StatusCode);
    }

    private static async Task<HttpResponseMessage> CreateConfigMapAsync(HttpClient client, string name)
    {
        using var body = new StringContent(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync("/api/v1/namespaces/default/configmaps", body, Cancel);
    }

    private static async Task EventuallyOkAsync(HttpClient client, string path)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await client.GetAsync(path, patience.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The server is there; a connection error is as retryable as a 500 here.
            }

            await Task.Delay(250, patience.Token);
        }
    }
}
