using System.Net;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// <c>?timeout=</c> as kube-apiserver's <c>WithRequestDeadline</c> reads it: a shorter duration than the server's
/// <c>--request-timeout</c> (60 s here) cuts the request with the 504 Status, one that is not a Go duration is 400, and
/// watches, being long-running, ignore it. kubectl's <c>--request-timeout</c> is what sends it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileRequestTimeoutParameterTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private HostileServerProcess _server = null!;

    public async ValueTask InitializeAsync() => _server = await HostileServerProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Requested_timeout_below_the_server_s_cuts_the_request_with_504()
    {
        await using var trickled = await TrickledRequest.StartAsync(_server, _server.AdminCertificate, "POST", ConfigMaps + "?timeout=1s");

        // Well before the server's own 60 s: only the requested second can have ended it.
        var response = await trickled.Response.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(response.Code == 504, $"expected 504, got {response.Code}: {response.Text}\nServer log:\n{_server.Server.Log}");
        Assert.Contains("\"reason\":\"Timeout\"", response.Text, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"Timeout: request did not complete within requested timeout - context deadline exceeded\"",
            response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon", "time: invalid duration \"soon\"")]
    [InlineData("3", "time: missing unit in duration \"3\"")]
    [InlineData("3sec", "time: unknown unit \"sec\" in duration \"3sec\"")]
    public async Task Timeout_that_is_not_a_duration_is_400_with_kube_message(string timeout, string parseError)
    {
        using var admin = _server.AdminClient();
        using var response = await admin.GetAsync($"{ConfigMaps}?timeout={timeout}", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        var status = JsonNode.Parse(text)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal($"invalid timeout specified in the request URL - {parseError}", status["message"]!.GetValue<string>());
        Assert.Equal(400, status["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Timeout_is_checked_before_authentication_as_in_kube()
    {
        using var anonymous = _server.Client();
        using var response = await anonymous.GetAsync($"{ConfigMaps}?timeout=soon", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("1h")]
    [InlineData("")]
    public async Task Zero_negative_larger_or_empty_timeout_leaves_the_server_s(string timeout)
    {
        using var admin = _server.AdminClient();
        using var response = await admin.GetAsync($"{ConfigMaps}?timeout={timeout}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Watch_ignores_timeout_as_a_long_running_request()
    {
        using var admin = _server.AdminClient();
        using var refused = await admin.GetAsync(ConfigMaps + "?watch=true&timeout=soon", HttpCompletionOption.ResponseHeadersRead,
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        // Twice the requested second later the watch still delivers what happens.
        await WatchOutlivingTimeout.AssertDeliversAfterAsync(admin, "&timeout=1s", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Kubectl_request_timeout_sends_timeout_and_is_served()
    {
        using var scratch = new AtRest.Tests.Shared.TempDirectory("kubectl-timeout");
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, _server.Server.KubeconfigPath, scratch.Path);

        var result = await kubectl.RunAsync("get", "configmaps", "-n", "default", "--request-timeout=1s", "-v=6");

        Assert.True(result.ExitCode == 0, $"{result.Stderr}\nServer log:\n{_server.Server.Log}");
        Assert.Matches(@"GET https://[^ ]+/api/v1/namespaces/default/configmaps\?[^ ]*timeout=1s[^ ]* 200 OK", result.Stderr);
    }
}
