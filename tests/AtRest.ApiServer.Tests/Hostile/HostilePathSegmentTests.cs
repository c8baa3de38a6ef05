using System.Text;
using static AtRest.ApiServer.Tests.Hostile.HostileRequests;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Path segments <c>.</c> and <c>..</c> (raw or percent-encoded) and names with <c>/</c> or <c>%</c>, sent on raw TLS
/// connections (HttpClient would normalise them), are kube-apiserver's 400 on every route, and change nothing: before
/// the fix <c>DELETE …/secrets/..</c> was normalised to the namespace URL and deleted the namespace.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostilePathSegmentTests : IAsyncLifetime
{
    private static readonly string[] BadSegments = ["..", ".", "%2e%2e", "%2E%2E", ".%2e", "%2e", "a%2Fb", "%2F", "a%25b"];

    private HostileServer _server = null!;
    private HttpClient _client = null!;

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
    [InlineData("DELETE", "/api/v1/namespaces/victim/secrets/..", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("DELETE", "/api/v1/namespaces/victim/secrets/%2e%2e", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("GET", "/api/v1/namespaces/victim/secrets/..", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("DELETE", "/api/v1/namespaces/victim/configmaps/.", "Name parameter invalid: \".\": may not be '.'")]
    [InlineData("DELETE", "/api/v1/namespaces/victim/configmaps/x/../..", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("DELETE", "/api/v1/namespaces/victim/secrets/a%2Fb", "Name parameter invalid: \"a/b\": may not contain '/'")]
    [InlineData("GET", "/api/v1/namespaces/victim/secrets/a%25b", "Name parameter invalid: \"a%b\": may not contain '%'")]
    [InlineData("DELETE", "/api/v1/namespaces/..", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("DELETE", "/api/v1/namespaces/../secrets", "Namespace parameter invalid: \"..\": may not be '..'")]
    public async Task Bad_segments_are_400_with_kubes_message(string method, string target, string message)
    {
        var before = await _server.DumpAsync();

        var response = await _server.SendRawAsync(method, target);

        Assert.True(response.Status == 400, $"{method} {target}: {response}\n{_server.Log}");
        Assert.Equal(message, response.Message);
        Assert.Equal("BadRequest", response.Json!["reason"]!.GetValue<string>());
        Assert.Equal(before, await _server.DumpAsync());
    }

    [Fact]
    public async Task Every_route_and_verb_refuses_every_bad_segment_and_the_store_is_unchanged()
    {
        var before = await _server.DumpAsync();
        var wrong = new List<string>();
        var requests = 0;
        foreach (var bad in BadSegments)
        {
            foreach (var (method, target, body, contentType) in Routes(bad))
            {
                requests++;
                var response = await _server.SendRawAsync(method, target, body is null ? null : Encoding.UTF8.GetBytes(body), contentType);
                if (response.Status != 400 || !response.Message.Contains("parameter invalid: ", StringComparison.Ordinal))
                {
                    wrong.Add($"{method} {target} -> {response}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests} requests were not refused:\n{string.Join('\n', wrong)}\n{_server.Log}");
        Assert.Equal(before, await _server.DumpAsync());
        var (status, _, _) = await _client.SendAsync("GET", $"api/v1/namespaces/{Victim}/secrets/s1");
        Assert.Equal(200, status);
    }

    // Every resource route shape × every verb it serves, with the bad segment as the name, as the namespace, and
    // followed by more segments (…/x/../..). Watches ask for a 1 s timeout so that a wrongly accepted one ends.
    private static IEnumerable<(string Method, string Target, string? Body, string ContentType)> Routes(string bad)
    {
        const string Json = "application/json";
        const string Merge = "application/merge-patch+json";
        const string Patch = """{"metadata":{"labels":{"pwned":"yes"}}}""";
        foreach (var (resource, kind, name) in new[] { ("secrets", "Secret", "s1"), ("configmaps", "ConfigMap", "c1") })
        {
            var body = $$$"""{"apiVersion":"v1","kind":"{{{kind}}}","metadata":{"name":"{{{name}}}"}}""";
            var objectPath = $"/api/v1/namespaces/{Victim}/{resource}/{bad}";
            yield return ("GET", objectPath, null, Json);
            yield return ("GET", objectPath + "?watch=true&timeoutSeconds=1", null, Json);
            yield return ("PUT", objectPath, body, Json);
            yield return ("PATCH", objectPath, Patch, Merge);
            yield return ("DELETE", objectPath, null, Json);
            yield return ("DELETE", $"/api/v1/namespaces/{Victim}/{resource}/{name}/{bad}", null, Json);
            yield return ("DELETE", $"/api/v1/namespaces/{Victim}/{resource}/x/{bad}/{bad}", null, Json);
            yield return ("GET", $"/api/v1/watch/namespaces/{Victim}/{resource}/{bad}?timeoutSeconds=1", null, Json);

            var inBadNamespace = $"/api/v1/namespaces/{bad}/{resource}";
            yield return ("GET", inBadNamespace, null, Json);
            yield return ("GET", inBadNamespace + "?watch=1&timeoutSeconds=1", null, Json);
            yield return ("POST", inBadNamespace, body, Json);
            yield return ("DELETE", inBadNamespace, null, Json);
            yield return ("GET", $"{inBadNamespace}/{name}", null, Json);
            yield return ("PUT", $"{inBadNamespace}/{name}", body, Json);
            yield return ("PATCH", $"{inBadNamespace}/{name}", Patch, Merge);
            yield return ("DELETE", $"{inBadNamespace}/{name}", null, Json);
            yield return ("GET", $"/api/v1/watch/namespaces/{bad}/{resource}?timeoutSeconds=1", null, Json);
            yield return ("GET", $"/api/v1/watch/namespaces/{bad}/{resource}/{name}?timeoutSeconds=1", null, Json);
            yield return ("GET", $"/api/v1/{resource}/{bad}", null, Json);
            yield return ("GET", $"/api/v1/watch/{resource}/{bad}?timeoutSeconds=1", null, Json);
        }

        var ns = $"/api/v1/namespaces/{bad}";
        var nsBody = $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Victim}}}"}}""";
        yield return ("GET", ns, null, Json);
        yield return ("GET", ns + "?watch=true&timeoutSeconds=1", null, Json);
        yield return ("PUT", ns, nsBody, Json);
        yield return ("PATCH", ns, Patch, Merge);
        yield return ("DELETE", ns, null, Json);
        yield return ("DELETE", $"/api/v1/namespaces/{Victim}/{bad}", null, Json);
        yield return ("GET", $"/api/v1/watch/namespaces/{bad}?timeoutSeconds=1", null, Json);
        yield return ("POST", $"/api/v1/namespaces/{Victim}/secrets/{bad}", nsBody, Json);
    }
}
