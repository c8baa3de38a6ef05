using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// <c>--max-requests-inflight</c> and <c>--max-mutating-requests-inflight</c> as kube-apiserver applies them: over the
/// limit a request gets 429 with <c>Retry-After: 1</c> and Go's plain-text body, except system:masters (always served);
/// watches are not counted. Slots are held here by requests whose bodies are still arriving.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileInflightLimitTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private HostileServerProcess _server = null!;
    private X509Certificate2 _bob = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await HostileServerProcess.StartAsync("--max-requests-inflight", "1", "--max-mutating-requests-inflight", "1");
        _bob = _server.Authority.IssueClientCertificate("bob", ["developers"]);
    }

    public async ValueTask DisposeAsync()
    {
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Mutating_request_over_the_limit_is_429_except_for_system_masters()
    {
        using var bob = _server.Client(_bob);
        using var admin = _server.AdminClient();
        using (var before = await bob.PostAsync(ConfigMaps, Json("{}"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        var (trickle, limited) = await HoldTheSlotAsync("POST", () => bob.PostAsync(ConfigMaps, Json("{}"), TestContext.Current.CancellationToken));
        await using (trickle)
        using (limited)
        {
            await AssertTooManyRequestsAsync(limited);

            using var master = await admin.PostAsync(ConfigMaps,
                Json("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"served-anyway\"}}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, master.StatusCode);

            // Reads have their own limit.
            using var read = await bob.GetAsync(ConfigMaps, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        using var after = await UntilAsync(() => bob.PostAsync(ConfigMaps, Json("{}"), TestContext.Current.CancellationToken),
            response => response.StatusCode == HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task Read_over_the_limit_is_429_and_watches_are_not_counted()
    {
        using var bob = _server.Client(_bob);
        using var anonymous = _server.Client();
        var (trickle, limited) = await HoldTheSlotAsync("GET", () => bob.GetAsync(ConfigMaps, TestContext.Current.CancellationToken));
        await using (trickle)
        using (limited)
        {
            await AssertTooManyRequestsAsync(limited);

            using var health = await anonymous.GetAsync("/healthz", TestContext.Current.CancellationToken);
            await AssertTooManyRequestsAsync(health);

            using var watch = await bob.GetAsync(ConfigMaps + "?watch=true", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, watch.StatusCode);
        }
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Too many requests, please try again later.\n",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    // The admin's trickled request takes the one slot only when it is free as it arrives: a master arriving while Bob's
    // request holds the slot is served without one (as in kube-apiserver), and then holds nothing. So a trickle that
    // did not make Bob's next request 429 is replaced by a new one, until one holds the slot.
    private async Task<(TrickledRequest Trickle, HttpResponseMessage Limited)> HoldTheSlotAsync(string method, Func<Task<HttpResponseMessage>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            var trickle = await TrickledRequest.StartAsync(_server, _server.AdminCertificate, method, ConfigMaps);
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
            var response = await probe();
            if (response.StatusCode == HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                return (trickle, response);
            }

            response.Dispose();
            await trickle.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> UntilAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> done)
    {
        // Generous for a loaded machine, and well inside the trickled request's own 60 s request timeout.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            var response = await send();
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
