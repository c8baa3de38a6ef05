using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Bodies that are too large, cut short or trickled get kube-apiserver's 4xx Status at once, never a 500 with a stack
/// trace in the log; an object too large for etcd is refused on the embedded store too.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileLimitsTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private HostileServerProcess _server = null!;

    public async ValueTask InitializeAsync() => _server = await HostileServerProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Body_over_3_MiB_is_413_with_kube_message()
    {
        using var admin = _server.AdminClient();
        using var content = new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await admin.PostAsync(ConfigMaps, content, TestContext.Current.CancellationToken);
        await AssertStatusAsync(response, 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
        AssertNoStackTrace();
    }

    [Fact]
    public async Task Chunked_body_over_3_MiB_is_413_with_kube_message()
    {
        using var admin = _server.AdminClient();
        using var content = new StreamContent(new UnknownLengthStream((3 * 1024 * 1024) + 4096));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);
        await AssertStatusAsync(response, 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
        AssertNoStackTrace();
    }

    // A client that ends its side mid-body may already be gone: the server answers 400 when it still can, and in any
    // case neither fails a handler nor logs a stack trace.
    [Fact]
    public async Task Body_cut_short_is_400_or_a_closed_connection_never_a_500()
    {
        await using var stream = await _server.ConnectTlsAsync(_server.AdminCertificate, TestContext.Current.CancellationToken);
        var request = $"POST {ConfigMaps} HTTP/1.1\r\nHost: {_server.Url.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"kind\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        await stream.ShutdownAsync();
        var response = await RawHttpResponse.ReadAsync(stream, TestContext.Current.CancellationToken);
        Assert.True(response.Code is 400 or 0, $"expected 400, got {response.Code}: {response.Text}\nServer log:\n{_server.Server.Log}");
        if (response.Code == 400)
        {
            Assert.Contains("\"reason\":\"BadRequest\"", response.Text, StringComparison.Ordinal);
        }

        // The log line of a failed handler would come after the connection ended; a request that does succeed after it
        // proves the server has finished with the cut one.
        using var admin = _server.AdminClient();
        using var next = await admin.GetAsync(ConfigMaps, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
        AssertNoStackTrace();
    }

    [Fact]
    public async Task Body_that_stops_arriving_is_408()
    {
        await using var stream = await _server.ConnectTlsAsync(_server.AdminCertificate, TestContext.Current.CancellationToken);
        var request = $"POST {ConfigMaps} HTTP/1.1\r\nHost: {_server.Url.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"kind\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        hang.CancelAfter(TimeSpan.FromSeconds(50));
        var response = await RawHttpResponse.ReadAsync(stream, hang.Token);
        Assert.True(response.Code == 408, $"expected 408, got {response.Code}: {response.Text}\nServer log:\n{_server.Server.Log}");
        Assert.Contains("\"reason\":\"Timeout\"", response.Text, StringComparison.Ordinal);
        AssertNoStackTrace();
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, int code, string reason, string message)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == code, $"expected {code}, got {(int)response.StatusCode}: {body}");
        using var status = JsonDocument.Parse(body);
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal(reason, status.RootElement.GetProperty("reason").GetString());
        Assert.Equal(message, status.RootElement.GetProperty("message").GetString());
        Assert.Equal(code, status.RootElement.GetProperty("code").GetInt32());
    }

    private void AssertNoStackTrace()
    {
        var log = _server.Server.Log;
        Assert.False(log.Contains("   at ", StringComparison.Ordinal), $"the server logged a stack trace:\n{log}");
    }
}
