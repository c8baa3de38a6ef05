using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.ApiServer.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class WatchBookmarkTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/default/secrets";
    private const string WatchList = "watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true";

    // Short enough that a test sees several bookmarks; the default (a minute, as the cacher) is covered by the
    // watch-list tests below, which see only the initial-events-end bookmark.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    private TestApiServer server = null!;
    private TestApiServer fastBookmarks = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        fastBookmarks = await TestApiServer.StartAsync(services: s => s.AddSingleton(new WatchBookmarkInterval(Interval)));
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        await fastBookmarks.DisposeAsync();
    }

    [Fact]
    public async Task AllowWatchBookmarks_SendsPeriodicBookmarksCarryingOnlyTheResourceVersion()
    {
        var from = await RevisionAsync(fastBookmarks);
        using var watch = await OpenAsync(fastBookmarks, $"{Secrets}?watch=true&resourceVersion={from}&allowWatchBookmarks=true");

        var idle = await NextAsync(watch);
        var created = await fastBookmarks.Client.CreateSecretAsync("s1");
        var added = await NextEventAsync(watch);
        var after = await NextAsync(watch);

        Assert.Equal("BOOKMARK", (string?)idle["type"]);
        Assert.Equal(
            $$$"""{"kind":"Secret","apiVersion":"v1","metadata":{"resourceVersion":"{{{from}}}","creationTimestamp":null}}""",
            idle["object"]!.ToJsonString());
        Assert.Equal(("ADDED", "s1"), ((string?)added["type"], (string?)added["object"]!["metadata"]!["name"]));
        Assert.Equal("BOOKMARK", (string?)after["type"]);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)after["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Bookmarks_AdvancePastChangesTheSelectorFiltersOut()
    {
        var from = await RevisionAsync(fastBookmarks);
        using var watch = await OpenAsync(fastBookmarks, $"{Secrets}?watch=true&resourceVersion={from}&allowWatchBookmarks=true&labelSelector=app%3Dx");

        var other = await fastBookmarks.Client.CreateSecretAsync("other");
        var revision = (string?)other["metadata"]!["resourceVersion"];

        // Bookmarks sent before the filtered change was read carry the older revision; one soon carries its revision.
        JsonObject e;
        do
        {
            e = await NextAsync(watch);
            Assert.Equal("BOOKMARK", (string?)e["type"]);
        }
        while ((string?)e["object"]!["metadata"]!["resourceVersion"] != revision);
    }

    [Fact]
    public async Task WithoutAllowWatchBookmarks_NoBookmarkIsSent()
    {
        var from = await RevisionAsync(fastBookmarks);
        using var plain = await OpenAsync(fastBookmarks, $"{Secrets}?watch=true&resourceVersion={from}");
        using var withBookmarks = await OpenAsync(fastBookmarks, $"{Secrets}?watch=true&resourceVersion={from}&allowWatchBookmarks=true");

        // Two bookmarks on the other watch: an interval has certainly passed on both.
        Assert.Equal("BOOKMARK", (string?)(await NextAsync(withBookmarks))["type"]);
        Assert.Equal("BOOKMARK", (string?)(await NextAsync(withBookmarks))["type"]);
        await fastBookmarks.Client.CreateSecretAsync("s1");

        var first = await NextAsync(plain);
        Assert.Equal(("ADDED", "s1"), ((string?)first["type"], (string?)first["object"]!["metadata"]!["name"]));
    }

    [Fact]
    public async Task SendInitialEvents_SendsTheStateThenTheInitialEventsEndBookmark()
    {
        await server.Client.CreateSecretAsync("a");
        await server.Client.CreateSecretAsync("b");
        var listed = await RevisionAsync(server);
        using var watch = await OpenAsync(server, $"{Secrets}?{WatchList}");

        var a = await NextAsync(watch);
        var b = await NextAsync(watch);
        var end = await NextAsync(watch);
        var created = await server.Client.CreateSecretAsync("c");
        var c = await NextAsync(watch);

        Assert.Equal([("ADDED", "a"), ("ADDED", "b")], new[] { a, b }.Select(e => ((string?)e["type"], (string?)e["object"]!["metadata"]!["name"])));
        Assert.Equal("BOOKMARK", (string?)end["type"]);
        Assert.Equal(
            $$$$"""{"kind":"Secret","apiVersion":"v1","metadata":{"resourceVersion":"{{{{listed}}}}","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}}}""",
            end["object"]!.ToJsonString());
        Assert.Equal(("ADDED", "c"), ((string?)c["type"], (string?)c["object"]!["metadata"]!["name"]));
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)c["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task SendInitialEvents_FromAnOlderResourceVersion_SendsAStateAtLeastThatFresh()
    {
        await server.Client.CreateSecretAsync("a");
        var old = await RevisionAsync(server);
        await server.Client.CreateSecretAsync("b");
        var current = await RevisionAsync(server);
        using var watch = await OpenAsync(server, $"{Secrets}?{WatchList}&resourceVersion={old}");

        var names = new List<string?> { (string?)(await NextAsync(watch))["object"]!["metadata"]!["name"], (string?)(await NextAsync(watch))["object"]!["metadata"]!["name"] };
        var end = await NextAsync(watch);

        Assert.Equal(["a", "b"], names);
        Assert.Equal(current.ToString(CultureInfo.InvariantCulture), (string?)end["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal("true", (string?)end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }

    [Fact]
    public async Task SendInitialEventsFalse_WithoutResourceVersion_StartsAtTheCurrentRevision()
    {
        await server.Client.CreateSecretAsync("before");
        using var watch = await OpenAsync(server, $"{Secrets}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        await server.Client.CreateSecretAsync("after");

        var first = await NextAsync(watch);
        Assert.Equal(("ADDED", "after"), ((string?)first["type"], (string?)first["object"]!["metadata"]!["name"]));
    }

    [Fact]
    public async Task SendInitialEvents_ThroughTheOfficialClient_EndsWithTheAnnotatedBookmark()
    {
        await server.Client.CreateSecretAsync("a");
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Address.ToString() });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(30));

        var events = new List<(WatchEventType Type, V1Secret Secret)>();
        var watch = client.CoreV1.WatchListNamespacedSecretAsync(
            "default", allowWatchBookmarks: true, resourceVersionMatch: "NotOlderThan", sendInitialEvents: true, cancellationToken: stop.Token);
        await foreach (var (type, secret) in watch)
        {
            events.Add((type, secret));
            if (type == WatchEventType.Bookmark)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], events.Select(e => e.Type));
        Assert.Equal("a", events[0].Secret.Metadata.Name);
        Assert.Equal("true", events[1].Secret.Metadata.Annotations["k8s.io/initial-events-end"]);
    }

    [Theory]
    [InlineData("watch=true&sendInitialEvents=true&allowWatchBookmarks=true",
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan",
        "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=false",
        "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true")]
    [InlineData("watch=true&sendInitialEvents=true",
        "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true]")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact&allowWatchBookmarks=true",
        "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("watch=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task InvalidCombinations_AreListOptions422WithKubesMessages(string query, string error)
    {
        var (response, status) = await server.Client.GetJsonAsync($"{Secrets}?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", (string?)status!["reason"]);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {error}", (string?)status["message"]);
    }

    private static async Task<long> RevisionAsync(TestApiServer target) => await target.Store.CurrentRevisionAsync(Ct);

    private static async Task<Watch> OpenAsync(TestApiServer target, string path)
    {
        var response = await target.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Read only a failure's body: a watch's never ends.
            Assert.Fail($"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        }

        return new Watch(response, new WatchStreamReader(await response.Content.ReadAsStreamAsync(Ct)));
    }

    private static async Task<JsonObject> NextAsync(Watch watch)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await watch.Reader.NextAsync(timeout.Token) ?? throw new InvalidOperationException("the watch stream ended");
    }

    // The next event that is not a bookmark (bookmarks keep coming while the test acts).
    private static async Task<JsonObject> NextEventAsync(Watch watch)
    {
        while (true)
        {
            var e = await NextAsync(watch);
            if ((string?)e["type"] != "BOOKMARK")
            {
                return e;
            }
        }
    }

    private sealed record Watch(HttpResponseMessage Response, WatchStreamReader Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }
}
