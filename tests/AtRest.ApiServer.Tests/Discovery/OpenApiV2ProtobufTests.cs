using System.Net;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Discovery.OpenApiV2;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Discovery;

/// <summary>
/// <c>/openapi/v2</c> in gnostic's protobuf, parsed with Google.Protobuf against gnostic's message layout: the same
/// definitions, descriptions and references as the JSON form, the group-version-kind extensions as YAML, and the
/// <c>dryRun</c> parameter on every patch operation that kubectl 1.20 looks for.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenApiV2ProtobufTests : IAsyncLifetime
{
    private TestApiServer server = null!;
    private Document document = null!;
    private JsonNode json = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        document = Document.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        json = (await server.Client.GetJsonAsync("openapi/v2")).Body!;
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public void Header_is_swagger_2()
    {
        Assert.Equal("2.0", document.Swagger);
        Assert.Equal("Kubernetes", document.Info.Title);
        Assert.Equal("v1.32.0", document.Info.Version);
    }

    [Fact]
    public void Every_definition_and_field_matches_the_JSON_form()
    {
        var definitions = json["definitions"]!.AsObject();
        Assert.Equal(definitions.Select(d => d.Key), document.Definitions.AdditionalProperties.Select(d => d.Name));
        foreach (var named in document.Definitions.AdditionalProperties)
        {
            var expected = definitions[named.Name]!;
            Assert.Equal((string?)expected["description"] ?? "", named.Value.Description);
            var properties = expected["properties"]?.AsObject() ?? [];
            Assert.Equal(properties.Select(p => p.Key), named.Value.Properties?.AdditionalProperties.Select(p => p.Name) ?? []);
            foreach (var property in named.Value.Properties?.AdditionalProperties ?? [])
            {
                var field = properties[property.Name]!;
                Assert.Equal((string?)field["description"] ?? "", property.Value.Description);
                Assert.Equal((string?)field["$ref"] ?? "", property.Value.Ref);
                Assert.Equal((string?)field["type"] ?? "", property.Value.Type?.Value.SingleOrDefault() ?? "");
            }
        }
    }

    [Fact]
    public void Secret_carries_its_group_version_kind_and_typed_fields()
    {
        var secret = Definition("io.k8s.api.core.v1.Secret");
        var gvk = secret.VendorExtension.Single(e => e.Name == "x-kubernetes-group-version-kind");
        Assert.Equal("""[{"group":"","kind":"Secret","version":"v1"}]""", gvk.Value.Yaml);
        var data = secret.Properties.AdditionalProperties.Single(p => p.Name == "data").Value;
        Assert.Equal("object", data.Type.Value.Single());
        Assert.Equal("byte", data.AdditionalProperties.Schema.Format);
        var metadata = secret.Properties.AdditionalProperties.Single(p => p.Name == "metadata").Value;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", metadata.Ref);

        var finalizers = Definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").Properties.AdditionalProperties.Single(p => p.Name == "finalizers").Value;
        Assert.Contains(finalizers.VendorExtension, e => e.Name == "x-kubernetes-patch-strategy" && e.Value.Yaml == "\"merge\"");
        Assert.Equal("string", finalizers.Items.Schema.Single().Type.Value.Single());
    }

    [Fact]
    public void Every_patch_operation_names_its_kind_and_takes_dryRun()
    {
        var patches = document.Paths.Path.Where(p => p.Value.Patch is not null).ToList();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Event", "Event", "Namespace", "Role", "RoleBinding", "Secret"], patches
            .Select(p => p.Value.Patch.VendorExtension.Single(e => e.Name == "x-kubernetes-group-version-kind").Value.Yaml)
            .Select(yaml => (string?)JsonNode.Parse(yaml)!["kind"])
            .Order(StringComparer.Ordinal));
        foreach (var patch in patches.Select(p => p.Value.Patch))
        {
            var parameters = patch.Parameters.Select(p => p.Parameter).ToList();
            Assert.Contains(parameters, p => p.NonBodyParameter?.QueryParameterSubSchema is { Name: "dryRun", In: "query", Type: "string" });
            Assert.Contains(parameters, p => p.BodyParameter is { Name: "body", In: "body", Required: true });
        }
    }

    private Schema Definition(string name) => document.Definitions.AdditionalProperties.Single(d => d.Name == name).Value;
}
