using System.Net;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary><c>--request-timeout</c>: a request still running when it is up is answered 504 with kube-apiserver's Status; watches are exempt.</summary>
[Trait("Category", "Integration")]
public sealed class HostileRequestTimeoutTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private HostileServerProcess _server = null!;

    public async ValueTask InitializeAsync() => _server = await HostileServerProcess.StartAsync("--request-timeout", "2s");

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_still_running_at_the_timeout_is_504()
    {
        await using var trickled = await TrickledRequest.StartAsync(_server, _server.AdminCertificate, "POST", ConfigMaps);
        var response = await trickled.Response.WaitAsync(TimeSpan.FromSeconds(50), TestContext.Current.CancellationToken);
        Assert.True(response.Code == 504, $"expected 504, got {response.Code}: {response.Text}\nServer log:\n{_server.Server.Log}");
        Assert.Contains("\"reason\":\"Timeout\"", response.Text, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"Timeout: request did not complete within requested timeout - context deadline exceeded\"",
            response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_outlives_the_timeout()
    {
        using var admin = _server.AdminClient();

        // Two timeouts later the watch still delivers what happens.
        await WatchOutlivingTimeout.AssertDeliversAfterAsync(admin, "", TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Bad_limit_flags_are_refused_with_kube_messages()
    {
        using var directory = new AtRest.Tests.Shared.TempDirectory("flags");
        var (exitCode, _, stderr) = await AtRest.Tests.Shared.AtRestServer.RunCliAsync(
            ["server", "--data-dir", directory.File("data"), "--secure-port", "0", "--max-requests-inflight", "-1",
                "--max-mutating-requests-inflight", "-2", "--request-timeout", "soon"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exitCode);
        Assert.Contains("--max-requests-inflight can not be negative value", stderr, StringComparison.Ordinal);
        Assert.Contains("--max-mutating-requests-inflight can not be negative value", stderr, StringComparison.Ordinal);
        Assert.Contains("invalid argument \"soon\" for \"--request-timeout\" flag: time: invalid duration \"soon\"", stderr, StringComparison.Ordinal);
    }
}
