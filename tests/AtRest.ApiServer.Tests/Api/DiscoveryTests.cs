using System.Net;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class DiscoveryTests : IAsyncLifetime
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private TestApiServer server = null!;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync(minorVersion: "31");

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Version_ReportsConfiguredMinorAndIsNeverCached()
    {
        var (response, body) = await server.Client.GetJsonAsync("version?timeout=5s");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", (string?)body!["major"]);
        Assert.Equal("31", (string?)body["minor"]);
        Assert.Equal("v1.31.0", (string?)body["gitVersion"]);
        Assert.Equal("no-cache, private", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Api_AggregatedV2_WhenAskedFirst()
    {
        var (response, body) = await server.Client.GetJsonAsync("api?timeout=32s", AggregatedAccept);

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.NonValidated["Content-Type"].ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("apidiscovery.k8s.io/v2", (string?)body!["apiVersion"]);
        var resources = body["items"]![0]!["versions"]![0]!["resources"]!.AsArray();
        var secrets = resources.Single(r => (string?)r!["resource"] == "secrets")!;
        Assert.Equal("Secret", (string?)secrets["responseKind"]!["kind"]);
        Assert.Equal("Namespaced", (string?)secrets["scope"]);
        var configMaps = resources.Single(r => (string?)r!["resource"] == "configmaps")!;
        Assert.Equal("cm", (string?)configMaps["shortNames"]![0]);
        Assert.Equal("Cluster", (string?)resources.Single(r => (string?)r!["resource"] == "namespaces")!["scope"]);
    }

    [Fact]
    public async Task Apis_AggregatedV2beta1_WhenOnlyThatIsAsked()
    {
        var (response, body) = await server.Client.GetJsonAsync("apis",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", response.Content.Headers.NonValidated["Content-Type"].ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("apidiscovery.k8s.io/v2beta1", (string?)body!["apiVersion"]);
        Assert.Equal(["events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "rbac.authorization.k8s.io"],
            body["items"]!.AsArray().Select(item => (string?)item!["metadata"]!["name"]).ToList());
    }

    [Fact]
    public async Task Legacy_ApiApisAndApiV1_ForPlainJson()
    {
        var (api, apiBody) = await server.Client.GetJsonAsync("api", "application/json, */*");
        var (_, apisBody) = await server.Client.GetJsonAsync("apis", "application/json, */*");
        var (_, v1Body) = await server.Client.GetJsonAsync("api/v1", "application/json, */*");

        Assert.Equal("application/json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal("APIVersions", (string?)apiBody!["kind"]);
        Assert.Equal("v1", (string?)apiBody["versions"]![0]);
        Assert.Equal("APIGroupList", (string?)apisBody!["kind"]);
        Assert.Equal(["events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "rbac.authorization.k8s.io"],
            apisBody["groups"]!.AsArray().Select(group => (string?)group!["name"]).ToList());
        Assert.Equal("APIResourceList", (string?)v1Body!["kind"]);
        var names = v1Body["resources"]!.AsArray().Select(r => (string?)r!["name"]).ToList();
        Assert.Equal(["secrets", "configmaps", "namespaces", "events"], names);
    }

    [Fact]
    public async Task OpenApiV2_ProtobufDocumentWithParseableContentType()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v2?timeout=32s");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.MediaType);
        // Field 1 (swagger) first: 0a 03 "2.0"; the rest is checked field by field in OpenApiV2ProtobufTests.
        Assert.Equal([0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0'], (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken))[..5]);
    }

    [Fact]
    public async Task OpenApiV3_AdvertisesFieldValidationOnPatchForEachKind()
    {
        var (_, index) = await server.Client.GetJsonAsync("openapi/v3");
        var url = (string?)index!["paths"]!["api/v1"]!["serverRelativeURL"];
        var (response, document) = await server.Client.GetJsonAsync(url!.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patch = document!["paths"]!["/api/v1/namespaces/{namespace}/secrets/{name}"]!["patch"]!;
        Assert.Equal("Secret", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
        Assert.NotNull(document["paths"]!["/api/v1/namespaces/{name}"]);
    }

    [Fact]
    public async Task UnknownApiPath_IsNotFoundStatus()
    {
        var (response, body) = await server.Client.GetJsonAsync("api/v1/pods");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
        Assert.Equal("the server could not find the requested resource", (string?)body["message"]);
    }
}
