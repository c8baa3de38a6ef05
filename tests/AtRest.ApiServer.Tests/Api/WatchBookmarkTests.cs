using System.Net;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class WatchBookmarkTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/default/secrets";

    private TestApiServer server = null!;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

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
}
