using System.Text.Json.Nodes;
using static AtRest.ApiServer.Tests.Hostile.HostileRequests;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// resourceVersion and resourceVersionMatch on GET, LIST and WATCH, as kube-apiserver treats them: malformed is 400,
/// a version the store has not reached is waited for and then 504 Too large resource version (with Retry-After),
/// invalid combinations are ListOptions' 422, an Exact list reads the old revision, and a compacted one is 410.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileResourceVersionTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/victim/secrets";
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
    [InlineData(Secrets + "?resourceVersion={0}", "abc", "invalid syntax")]
    [InlineData(Secrets + "?resourceVersion={0}&resourceVersionMatch=NotOlderThan", "-1", "invalid syntax")]
    [InlineData(Secrets + "?resourceVersion={0}&resourceVersionMatch=Exact", "1.5", "invalid syntax")]
    [InlineData(Secrets + "/s1?resourceVersion={0}", "0x10", "invalid syntax")]
    [InlineData(Secrets + "?watch=true&resourceVersion={0}", "abc", "invalid syntax")]
    [InlineData("api/v1/watch/namespaces/victim/secrets?resourceVersion={0}", "-5", "invalid syntax")]
    [InlineData(Secrets + "?resourceVersion={0}", "99999999999999999999999", "value out of range")]
    public async Task Malformed_resourceVersion_is_400_with_the_versioners_message(string pathFormat, string version, string why)
    {
        var json = await ExpectAsync(_client, "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, Uri.EscapeDataString(version)), null, 400);

        Assert.Equal($"resourceVersion: Invalid value: \"{version}\": strconv.ParseUint: parsing \"{version}\": {why}", json!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Secrets + "?resourceVersion={0}")]
    [InlineData(Secrets + "?resourceVersion={0}&resourceVersionMatch=NotOlderThan")]
    [InlineData(Secrets + "?resourceVersion={0}&resourceVersionMatch=Exact")]
    [InlineData(Secrets + "?resourceVersion={0}&limit=1")]
    [InlineData(Secrets + "/s1?resourceVersion={0}")]
    [InlineData("api/v1/secrets?resourceVersion={0}&resourceVersionMatch=NotOlderThan")]
    public async Task A_future_resourceVersion_is_504_Too_large_resource_version(string pathFormat)
    {
        var current = await _server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        var future = current + 1000;

        var (status, json, response) = await _client.SendAsync("GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, future));

        Assert.True(status == 504, $"{status} {json?.ToJsonString()}");
        // The server's own heartbeat record may move the revision during the wait: "current" is the revision at the timeout.
        var message = json!["message"]!.GetValue<string>();
        var prefix = $"Timeout: Too large resource version: {future}, current: ";
        Assert.StartsWith(prefix, message, StringComparison.Ordinal);
        var reported = long.Parse(message[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, current, future - 1);
        Assert.Equal("Timeout", json["reason"]!.GetValue<string>());
        Assert.Equal(1, json["details"]!["retryAfterSeconds"]!.GetValue<int>());
        var cause = Assert.Single(json["details"]!["causes"]!.AsArray())!;
        Assert.Equal("ResourceVersionTooLarge", cause["reason"]!.GetValue<string>());
        Assert.Equal("Too large resource version", cause["message"]!.GetValue<string>());
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task A_list_waits_for_a_resourceVersion_the_store_reaches_meanwhile()
    {
        var next = await _server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken) + 1;

        var list = _client.SendAsync("GET", $"{Secrets}?resourceVersion={next}&resourceVersionMatch=NotOlderThan");
        await ExpectAsync(_client, "POST", Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"later"}}""", 201);
        var (status, json, _) = await list;

        Assert.True(status == 200, $"{status} {json?.ToJsonString()}");
        Assert.Contains(json!["items"]!.AsArray(), item => item!["metadata"]!["name"]!.GetValue<string>() == "later");
    }

    [Theory]
    [InlineData(Secrets + "?resourceVersionMatch=NotOlderThan",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData(Secrets + "?resourceVersion=1&resourceVersionMatch=Bogus",
        "resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData(Secrets + "?resourceVersion=0&resourceVersionMatch=Exact",
        "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData(Secrets + "?resourceVersion=1&resourceVersionMatch=Exact&continue=abc",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")]
    [InlineData(Secrets + "?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    public async Task Invalid_resourceVersionMatch_combinations_are_ListOptions_422(string path, string error)
    {
        var json = await ExpectAsync(_client, "GET", path, null, 422);

        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {error}", json!["message"]!.GetValue<string>());
        Assert.Equal("Invalid", json["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_Exact_list_reads_the_store_at_that_revision()
    {
        var first = Version(await ExpectAsync(_client, "POST", Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old"},"data":{"v":"MQ=="}}""", 201));
        await ExpectAsync(_client, "PUT", $"{Secrets}/old", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old"},"data":{"v":"Mg=="}}""", 200);
        await ExpectAsync(_client, "POST", Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"newer"}}""", 201);

        foreach (var query in (string[])[$"resourceVersion={first}&resourceVersionMatch=Exact", $"resourceVersion={first}&limit=10"])
        {
            var list = await ExpectAsync(_client, "GET", $"{Secrets}?{query}", null, 200);

            Assert.Equal(first, list!["metadata"]!["resourceVersion"]!.GetValue<string>());
            var names = list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToArray();
            Assert.Equal(["old", "s1"], names);
            Assert.Equal("MQ==", list["items"]![0]!["data"]!["v"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_compacted_revision_is_410_for_an_Exact_list_and_an_ERROR_for_a_watch()
    {
        var old = Version(await ExpectAsync(_client, "POST", Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"gone"}}""", 201));
        await ExpectAsync(_client, "DELETE", $"{Secrets}/gone", null, 200);
        var current = await _server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        await _server.Store.CompactAsync(current, TestContext.Current.CancellationToken);

        var list = await ExpectAsync(_client, "GET", $"{Secrets}?resourceVersion={old}&resourceVersionMatch=Exact", null, 410);
        Assert.Equal("The resourceVersion for the provided list is too old.", list!["message"]!.GetValue<string>());
        Assert.Equal("Expired", list["reason"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Secrets}?watch=true&resourceVersion={old}&timeoutSeconds=10");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var line = JsonNode.Parse((await reader.ReadLineAsync(TestContext.Current.CancellationToken))!)!;
        Assert.Equal("ERROR", line["type"]!.GetValue<string>());
        Assert.Equal(410, line["object"]!["code"]!.GetValue<int>());
        Assert.StartsWith($"too old resource version: {old} (", line["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Version(JsonNode? obj) => obj!["metadata"]!["resourceVersion"]!.GetValue<string>();
}
