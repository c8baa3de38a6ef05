using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;
using k8s;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class ListSemanticsTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/default/secrets";

    private const string ContinueExpired =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    private TestApiServer server = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task PagedList_CarriesRemainingItemCount_ReadByTheOfficialClient()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await Client.CreateSecretAsync(name);
        }

        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Address.ToString() });
        var ct = TestContext.Current.CancellationToken;

        var first = await client.CoreV1.ListNamespacedSecretAsync("default", limit: 2, cancellationToken: ct);
        var second = await client.CoreV1.ListNamespacedSecretAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct);
        var last = await client.CoreV1.ListNamespacedSecretAsync("default", limit: 2, continueParameter: second.Metadata.ContinueProperty, cancellationToken: ct);

        Assert.Equal(["a", "b"], first.Items.Select(s => s.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        Assert.Equal(["c", "d"], second.Items.Select(s => s.Metadata.Name));
        Assert.Equal(1, second.Metadata.RemainingItemCount);
        Assert.Equal(["e"], last.Items.Select(s => s.Metadata.Name));
        Assert.Null(last.Metadata.RemainingItemCount);
        Assert.Null(last.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task PagedList_CountsAtTheFirstPagesRevision()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client.CreateSecretAsync(name);
        }

        var (_, first) = await Client.GetJsonAsync($"{Secrets}?limit=1");
        await Client.CreateSecretAsync("z");
        var (_, second) = await Client.GetJsonAsync($"{Secrets}?limit=1&continue={Token(first)}");

        Assert.Equal(2, (long?)first!["metadata"]!["remainingItemCount"]);
        Assert.Equal(1, (long?)second!["metadata"]!["remainingItemCount"]);
    }

    [Theory]
    [InlineData("labelSelector=app%3Dx")]
    [InlineData("fieldSelector=metadata.namespace%3Ddefault")]
    public async Task PagedList_WithASelector_OmitsRemainingItemCount(string selector)
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client.CreateSecretAsync(name, extra: ""","labels":{"app":"x"}""");
        }

        var (_, page) = await Client.GetJsonAsync($"{Secrets}?limit=1&{selector}");

        Assert.False(string.IsNullOrEmpty(Token(page)));
        Assert.False(page!["metadata"]!.AsObject().ContainsKey("remainingItemCount"));
    }

    [Fact]
    public async Task UnpagedAndLastPages_HaveNoRemainingItemCount()
    {
        await Client.CreateSecretAsync("a");

        var (_, all) = await Client.GetJsonAsync(Secrets);
        var (_, exact) = await Client.GetJsonAsync($"{Secrets}?limit=1");

        Assert.False(all!["metadata"]!.AsObject().ContainsKey("remainingItemCount"));
        Assert.False(exact!["metadata"]!.AsObject().ContainsKey("remainingItemCount"));
        Assert.Null(Token(exact));
    }

    [Fact]
    public async Task PartialObjectMetadataList_CarriesRemainingItemCount()
    {
        await Client.CreateSecretAsync("a");
        await Client.CreateSecretAsync("b");

        var (_, page) = await Client.GetJsonAsync($"{Secrets}?limit=1", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");

        Assert.Equal("PartialObjectMetadataList", (string?)page!["kind"]);
        Assert.Equal(1, (long?)page["metadata"]!["remainingItemCount"]);
    }

    [Fact]
    public async Task ExpiredContinueToken_Is410WithKubesMessageAndAnInconsistentToken()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client.CreateSecretAsync(name);
        }

        var (_, first) = await Client.GetJsonAsync($"{Secrets}?limit=1");
        await Client.SendAsync(HttpMethod.Delete, Secrets + "/b");
        await Client.CreateSecretAsync("d");
        await CompactAsync();

        var (response, status) = await Client.GetJsonAsync($"{Secrets}?limit=1&continue={Token(first)}");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal(("Status", "Failure", "Expired", 410), ((string?)status!["kind"], (string?)status["status"], (string?)status["reason"], (int?)status["code"]));
        Assert.Equal(ContinueExpired, (string?)status["message"]);

        // The offered token lists the rest at the current revision: "b" is gone, "d" shows up.
        var inconsistent = Token(status);
        Assert.Equal("""{"v":"meta.k8s.io/v1","rv":-1,"start":"a\u0000"}""", Decode(inconsistent!));
        var (restResponse, rest) = await Client.GetJsonAsync($"{Secrets}?continue={inconsistent}");
        Assert.Equal(HttpStatusCode.OK, restResponse.StatusCode);
        Assert.Equal(["c", "d"], Names(rest));
        Assert.Equal(await server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken), long.Parse((string)rest!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task InconsistentToken_PagesOnWithTheRevisionItWasReadAt()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await Client.CreateSecretAsync(name);
        }

        var (_, first) = await Client.GetJsonAsync($"{Secrets}?limit=1");
        await Client.CreateSecretAsync("e");
        await CompactAsync();
        var (_, status) = await Client.GetJsonAsync($"{Secrets}?limit=1&continue={Token(first)}");

        var (_, second) = await Client.GetJsonAsync($"{Secrets}?limit=2&continue={Token(status)}");
        await Client.CreateSecretAsync("f");
        var (_, third) = await Client.GetJsonAsync($"{Secrets}?limit=5&continue={Token(second)}");

        Assert.Equal(["b", "c"], Names(second));
        Assert.Equal(2, (long?)second!["metadata"]!["remainingItemCount"]);
        Assert.Equal(["d", "e"], Names(third));
        Assert.Equal((string?)second["metadata"]!["resourceVersion"], (string?)third!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task ContinueTokenWithRevisionZero_IsRejected()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"v":"meta.k8s.io/v1","rv":0,"start":"a\u0000"}"""));

        var (response, status) = await Client.GetJsonAsync($"{Secrets}?continue={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)", (string?)status!["message"]);
    }

    [Theory]
    [InlineData("resourceVersion=0")]
    [InlineData("resourceVersion=0&resourceVersionMatch=NotOlderThan")]
    [InlineData("resourceVersion={old}&resourceVersionMatch=NotOlderThan")]
    [InlineData("resourceVersion={old}")]
    public async Task ZeroOrNotOlderThan_ServesAListAtLeastThatFresh(string query)
    {
        await Client.CreateSecretAsync("a");
        var old = await server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        await Client.CreateSecretAsync("b");
        var current = await server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);

        var (response, list) = await Client.GetJsonAsync($"{Secrets}?{query.Replace("{old}", old.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revision = long.Parse((string)list!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(revision, old, long.MaxValue);
        Assert.Equal(current, revision);
        Assert.Equal(["a", "b"], Names(list));
    }

    [Fact]
    public async Task NotOlderThan_ACompactedRevision_IsStillServed()
    {
        await Client.CreateSecretAsync("a");
        var old = await server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        await Client.CreateSecretAsync("b");
        await CompactAsync();

        var (response, list) = await Client.GetJsonAsync($"{Secrets}?resourceVersion={old}&resourceVersionMatch=NotOlderThan");
        var (exactResponse, exact) = await Client.GetJsonAsync($"{Secrets}?resourceVersion={old}&resourceVersionMatch=Exact");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a", "b"], Names(list));
        Assert.Equal(HttpStatusCode.Gone, exactResponse.StatusCode);
        Assert.Equal("The resourceVersion for the provided list is too old.", (string?)exact!["message"]);
    }

    private async Task CompactAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await server.Store.CompactAsync(await server.Store.CurrentRevisionAsync(ct), ct);
    }

    private static string? Token(JsonNode? body) => (string?)body!["metadata"]!["continue"] is { Length: > 0 } token ? token : null;

    private static string Decode(string token)
    {
        var text = token.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=')));
    }

    private static List<string?> Names(JsonNode? list) => [.. list!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"])];
}
