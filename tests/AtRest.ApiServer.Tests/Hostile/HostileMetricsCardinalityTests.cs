using System.Net;
using System.Text;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Request metrics are labelled before authentication; labels taken from the raw method or URL would let anyone who
/// reaches the port grow <c>/metrics</c> without bound (the class of CVE-2020-8552).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileMetricsCardinalityTests : IAsyncLifetime
{
    private const int Requests = 10_000;
    private const int Workers = 8;

    // verb (15 values) × resource (4) × the codes these requests can get: far below this, whatever is sent.
    private const int MaxRequestSeries = 150;
    private const int MaxMetricsBytes = 256 * 1024;

    private static readonly string[] Methods =
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "get", "LIST", "WATCH", "PROPFIND"];

    private static readonly string[] Prefixes =
        ["/api/v1/", "/api/v1/namespaces/", "/apis/", "/api/", "/", "/healthz/", "/readyz/", "/version/", "/metrics/"];

    private HostileServerProcess _server = null!;

    public async ValueTask InitializeAsync() => _server = await HostileServerProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_random_anonymous_requests_leave_the_series_count_bounded()
    {
        var random = new Random(20_200_552);
        var requests = Enumerable.Range(0, Requests).Select(_ => RandomRequest(random)).ToArray();
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            using var client = _server.Client();
            for (var i = worker; i < requests.Length; i += Workers)
            {
                var (method, path) = requests[i];
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(workers);

        using var admin = _server.AdminClient();
        var metrics = await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var series = metrics.Split('\n')
            .Where(line => line.StartsWith("apiserver_request_total{", StringComparison.Ordinal)
                || line.StartsWith("apiserver_request_duration_seconds_count{", StringComparison.Ordinal))
            .ToList();
        Assert.True(series.Count < MaxRequestSeries,
            $"{series.Count} request series after {Requests} random requests; the first ones:\n{string.Join('\n', series.Take(40))}");
        Assert.True(Encoding.UTF8.GetByteCount(metrics) < MaxMetricsBytes, $"/metrics is {Encoding.UTF8.GetByteCount(metrics)} bytes");
        Assert.DoesNotContain("verb=\"PROPFIND\"", metrics, StringComparison.Ordinal);
        Assert.Contains("verb=\"other\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticated_requests_keep_their_verb_and_served_resource_and_unknown_ones_do_not()
    {
        using var admin = _server.AdminClient();
        using (await admin.GetAsync("/api/v1/namespaces/default/configmaps", TestContext.Current.CancellationToken))
        {
        }

        using (await admin.GetAsync("/api/v1/namespaces/default/widgets-x9", TestContext.Current.CancellationToken))
        {
        }

        var metrics = await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("apiserver_request_total{verb=\"LIST\",resource=\"configmaps\",code=\"200\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("widgets-x9", metrics, StringComparison.Ordinal);
    }

    private static (string Method, string Path) RandomRequest(Random random)
    {
        var method = random.Next(3) == 0 ? RandomToken(random, 3, 10).ToUpperInvariant() : Methods[random.Next(Methods.Length)];
        var path = new StringBuilder(Prefixes[random.Next(Prefixes.Length)]);
        var segments = random.Next(0, 6);
        for (var s = 0; s < segments; s++)
        {
            path.Append(RandomToken(random, 1, 12)).Append('/');
        }

        if (random.Next(2) == 0)
        {
            path.Append('?').Append(RandomToken(random, 1, 8)).Append('=').Append(RandomToken(random, 0, 16));
            if (random.Next(2) == 0)
            {
                path.Append("&watch=").Append(random.Next(2) == 0 ? "true" : "1");
            }
        }

        return (method, path.ToString());
    }

    private static string RandomToken(Random random, int min, int max)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        var length = random.Next(min, max + 1);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
