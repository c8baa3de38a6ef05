using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Tests.Discovery;
using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.ApiServer.Tests.Kubectl;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>
/// A server that serves <see cref="WidgetKind"/> besides the built-in kinds routes it under
/// <c>/apis/test.atrest.io/v1</c>, lists it in both discovery forms and both OpenAPI versions, stores it under
/// <c>/registry/widgets/…</c>, and kubectl drives it (get, explain) like any kind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ThrowawayKindTests : IAsyncLifetime
{
    private const string Widgets = "apis/test.atrest.io/v1/namespaces/default/widgets";
    private TestApiServer server = null!;

    public async ValueTask InitializeAsync() =>
        server = await TestApiServer.StartAsync(kinds: KindRegistry.BuiltIn.With(WidgetKind.Registration));

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Widget_is_created_read_listed_and_deleted_under_its_group()
    {
        var (created, body) = await server.Client.PostJsonAsync(Widgets,
            """{"apiVersion":"test.atrest.io/v1","kind":"Widget","metadata":{"name":"w1","labels":{"a":"b"}},"spec":{"color":"teal","sizes":["s","m"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("teal", (string?)body!["spec"]!["color"]);
        Assert.False(string.IsNullOrEmpty((string?)body["metadata"]!["uid"]));

        var (_, read) = await server.Client.GetJsonAsync(Widgets + "/w1");
        Assert.Equal("Widget", (string?)read!["kind"]);
        Assert.Equal("test.atrest.io/v1", (string?)read["apiVersion"]);
        Assert.Equal(["s", "m"], read["spec"]!["sizes"]!.AsArray().Select(s => (string?)s));

        var (_, list) = await server.Client.GetJsonAsync("apis/test.atrest.io/v1/widgets");
        Assert.Equal("WidgetList", (string?)list!["kind"]);
        Assert.Equal("w1", (string?)list["items"]![0]!["metadata"]!["name"]);

        // The storage key follows the registration; the value is the JSON a custom resource is stored as.
        var stored = await server.Store.GetAsync("/registry/widgets/default/w1", TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Contains("\"color\":\"teal\"", Encoding.UTF8.GetString(stored.Value), StringComparison.Ordinal);

        var (deleted, _) = await server.Client.SendAsync(HttpMethod.Delete, Widgets + "/w1");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var (missing, status) = await server.Client.GetJsonAsync(Widgets + "/w1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("widgets.test.atrest.io \"w1\" not found", (string?)status!["message"]);
    }

    [Fact]
    public async Task Widget_with_a_field_its_schema_lacks_is_refused_when_strict()
    {
        var (response, status) = await server.Client.PostJsonAsync(Widgets + "?fieldValidation=Strict",
            """{"apiVersion":"test.atrest.io/v1","kind":"Widget","metadata":{"name":"w2"},"colour":"teal"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown field \"colour\"", (string?)status!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widget_is_discovered_in_both_forms()
    {
        var (_, groups) = await server.Client.GetJsonAsync("apis");
        Assert.Contains(groups!["groups"]!.AsArray(), g => (string?)g!["name"] == "test.atrest.io");
        var (_, resources) = await server.Client.GetJsonAsync("apis/test.atrest.io/v1");
        var widgets = resources!["resources"]!.AsArray().Single(r => (string?)r!["name"] == "widgets")!;
        Assert.Equal("Widget", (string?)widgets["kind"]);
        Assert.Equal(["wdg"], widgets["shortNames"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["all"], widgets["categories"]!.AsArray().Select(n => (string?)n));

        var (_, aggregated) = await server.Client.GetJsonAsync("apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        var group = aggregated!["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "test.atrest.io")!;
        var resource = group["versions"]![0]!["resources"]![0]!;
        Assert.Equal("widgets", (string?)resource["resource"]);
        Assert.Equal("Namespaced", (string?)resource["scope"]);
    }

    [Fact]
    public async Task Widget_is_in_both_OpenAPI_versions_with_its_group_version_kind()
    {
        var (_, v2) = await server.Client.GetJsonAsync("openapi/v2");
        var widget = v2!["definitions"]!["io.atrest.test.v1.Widget"]!;
        Assert.Equal("Widget", (string?)widget["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.Equal("#/definitions/io.atrest.test.v1.WidgetSpec", (string?)widget["properties"]!["spec"]!["$ref"]);
        Assert.NotNull(v2["definitions"]!["io.atrest.test.v1.WidgetList"]);

        var (_, index) = await server.Client.GetJsonAsync("openapi/v3");
        var url = (string?)index!["paths"]!["apis/test.atrest.io/v1"]!["serverRelativeURL"];
        var (_, v3) = await server.Client.GetJsonAsync(url!.TrimStart('/'));
        var spec = v3!["components"]!["schemas"]!["io.atrest.test.v1.WidgetSpec"]!;
        Assert.Equal("set", (string?)spec["properties"]!["sizes"]!["x-kubernetes-list-type"]);
        Assert.NotNull(v3["paths"]!["/apis/test.atrest.io/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]);
    }

    [Fact]
    public async Task Kubectl_gets_and_explains_the_widget()
    {
        (await server.Client.PostJsonAsync(Widgets, """{"metadata":{"name":"w3"},"spec":{"color":"red"}}""")).Response.EnsureSuccessStatusCode();
        var binaries = KubectlExplainTests.Binaries();
        using var kubectl = new KubectlRunner(server.Address);
        foreach (var binary in binaries)
        {
            var get = await kubectl.RunAsync($"{binary} get wdg -n default -o name");
            Assert.True(get.ExitCode == 0, $"{binary}: {get.Stderr}");
            Assert.Equal("widget.test.atrest.io/w3\n", get.Stdout);

            var explain = await kubectl.RunAsync($"{binary} explain widget.spec.color");
            Assert.True(explain.ExitCode == 0, $"{binary}: {explain.Stderr}");
            Assert.Contains("Color of the widget, as a CSS colour name.", KubectlExplainTests.Flat(explain.Stdout), StringComparison.Ordinal);
        }
    }
}
