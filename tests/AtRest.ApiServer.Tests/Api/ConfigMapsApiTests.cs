using System.Net;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class ConfigMapsApiTests : IAsyncLifetime
{
    private const string ConfigMaps = "api/v1/namespaces/default/configmaps";
    private TestApiServer server = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Create_KubectlProtobufBody_AndTableCountsDataAndBinaryData()
    {
        var bytes = Convert.FromHexString(
            "6b3873000a0f0a027631120943" + "6f6e6669674d6170121d0a130a03636d3112001a0022002a003200380042001206" + "0a016b1201761a002200");
        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/vnd.kubernetes.protobuf");
        var created = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        await Client.PostJsonAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm2"},"data":{"a":"1"},"binaryData":{"b":"AAE="}}""");

        var (_, table) = await Client.GetJsonAsync(ConfigMaps, "application/json;as=Table;v=v1;g=meta.k8s.io");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["Name", "Data", "Age"], table!["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(1, (int?)table["rows"]![0]!["cells"]![1]);
        Assert.Equal(2, (int?)table["rows"]![1]!["cells"]![1]);
    }

    [Fact]
    public async Task Create_KeyInBothDataAndBinaryData_IsInvalid()
    {
        var (response, body) = await Client.PostJsonAsync(ConfigMaps,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"},"binaryData":{"a":"AAE="}}""");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("data[a]: Invalid value: \"a\": duplicate of key present in binaryData", (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Immutable_DataChangeIsForbidden()
    {
        await Client.PostJsonAsync(ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"immutable":true,"data":{"a":"1"}}""");

        var (response, body) = await Client.SendAsync(HttpMethod.Patch, ConfigMaps + "/cm", """{"data":{"a":"2"}}""", "application/strategic-merge-patch+json");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("ConfigMap \"cm\" is invalid: data: Forbidden: field is immutable when `immutable` is set", (string?)body!["message"]);
    }
}
