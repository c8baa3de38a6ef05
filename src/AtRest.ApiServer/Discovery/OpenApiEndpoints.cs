using AtRest.ApiServer.Discovery.OpenApi;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Discovery;

/// <summary><c>/openapi/v2</c> and <c>/openapi/v3[/…]</c> (see <see cref="OpenApiDocuments"/>).</summary>
internal static class OpenApiEndpoints
{
    /// <summary>Maps the OpenAPI routes for the documents of <paramref name="kinds"/>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, KindRegistry kinds, string serverVersion)
    {
        var documents = new OpenApiDocuments(kinds, serverVersion);
        endpoints.MapGet("/openapi/v2", (HttpContext http) =>
        {
            var accept = http.Request.Headers.Accept.ToString();
            return accept.Contains("protobuf", StringComparison.OrdinalIgnoreCase)
                ? JsonBytes.Write(http, documents.V2Protobuf, OpenApiDocuments.V2ProtobufContentType)
                : JsonBytes.Write(http, documents.V2Json);
        });
        endpoints.MapGet("/openapi/v3", (HttpContext http) => JsonBytes.Write(http, documents.V3Index));
        endpoints.MapGet("/openapi/v3/{**path}", (HttpContext http) => ApiRequest.RunAsync(http, () =>
            documents.V3.TryGetValue((string)http.GetRouteValue("path")!, out var document)
                ? JsonBytes.Write(http, document)
                : throw ApiErrors.PathNotFound()));
    }
}
