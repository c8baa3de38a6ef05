using System.Net;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>Every built-in registration is routed under its group version, discovered in both forms, and in OpenAPI v3.</summary>
[Trait("Category", "Integration")]
public sealed class KindRoutesTests : IAsyncLifetime
{
    private const string Aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private TestApiServer server = null!;

    public static TheoryData<string> BuiltIn => new(KindRegistry.BuiltIn.All.Select(k => $"{k.GroupVersion} {k.Kind}"));

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public async Task Kind_is_routed(string name)
    {
        var kind = Kind(name);
        var collection = kind.Namespaced ? $"{kind.PathPrefix}/namespaces/default/{kind.Resource}" : $"{kind.PathPrefix}/{kind.Resource}";
        if (kind.IsStored)
        {
            var (response, list) = await server.Client.GetJsonAsync(collection.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(kind.ListKind, (string?)list!["kind"]);
            Assert.Equal(kind.GroupVersion, (string?)list["apiVersion"]);
        }
        else
        {
            // This test server authenticates nobody: the review's own handler answers (400 for the missing user, or 422
            // for the empty spec it checks first), not the 404 of an unknown path.
            var (response, status) = await server.Client.PostJsonAsync(collection.TrimStart('/'), "{}");
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity });
            Assert.Contains((string?)status!["reason"], new[] { "BadRequest", "Invalid" });
            var (get, _) = await server.Client.GetJsonAsync(collection.TrimStart('/'));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public async Task Kind_is_discovered_in_both_forms(string name)
    {
        var kind = Kind(name);
        var (_, legacy) = await server.Client.GetJsonAsync(kind.PathPrefix.TrimStart('/'));
        var resource = legacy!["resources"]!.AsArray().Single(r => (string?)r!["name"] == kind.Resource)!;
        Assert.Equal(kind.Kind, (string?)resource["kind"]);
        Assert.Equal(kind.Namespaced, (bool)resource["namespaced"]!);
        Assert.Equal(kind.Verbs, resource["verbs"]!.AsArray().Select(v => (string?)v));

        var (_, aggregated) = await server.Client.GetJsonAsync(kind.Group.Length == 0 ? "api" : "apis", Aggregated);
        var versions = aggregated!["items"]!.AsArray()
            .Single(g => ((string?)g!["metadata"]!["name"] ?? "") == kind.Group)!["versions"]!.AsArray();
        var entry = versions.Single(v => (string?)v!["version"] == kind.Version)!["resources"]!.AsArray()
            .Single(r => (string?)r!["resource"] == kind.Resource)!;
        Assert.Equal(kind.Kind, (string?)entry["responseKind"]!["kind"]);
        Assert.Equal(kind.Namespaced ? "Namespaced" : "Cluster", (string?)entry["scope"]);
    }

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public async Task Kind_has_its_schema_in_its_group_versions_v3_document(string name)
    {
        var kind = Kind(name);
        var (_, index) = await server.Client.GetJsonAsync("openapi/v3");
        var url = (string?)index!["paths"]![kind.PathPrefix.TrimStart('/')]!["serverRelativeURL"];
        var (_, document) = await server.Client.GetJsonAsync(url!.TrimStart('/'));

        var schema = document!["components"]!["schemas"]![kind.Schema.Root.Name]!;
        var gvk = schema["x-kubernetes-group-version-kind"]![0]!;
        Assert.Equal((kind.Group, kind.Version, kind.Kind), ((string?)gvk["group"], (string?)gvk["version"], (string?)gvk["kind"]));
        Assert.Equal(kind.Schema.Root.Schema.Description, (string?)schema["description"]);
        Assert.Equal(
            "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            (string?)schema["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
    }

    private static KindRegistration Kind(string name) => KindRegistry.BuiltIn.All.Single(k => $"{k.GroupVersion} {k.Kind}" == name);
}
