using AtRest.ApiServer.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Discovery;

/// <summary><c>/openapi/v2</c> and <c>/openapi/v3</c> (see <see cref="OpenApiDocuments"/>).</summary>
internal static class OpenApiEndpoints
{
    /// <summary>Maps the OpenAPI routes.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/openapi/v2", (HttpContext http) =>
        {
            var accept = http.Request.Headers.Accept.ToString();
            return accept.Contains("protobuf", StringComparison.OrdinalIgnoreCase)
                ? JsonBytes.Write(http, OpenApiDocuments.V2Protobuf, OpenApiDocuments.V2ProtobufContentType)
                : JsonBytes.Write(http, OpenApiDocuments.V2Json);
        });
        endpoints.MapGet("/openapi/v3", (HttpContext http) => JsonBytes.Write(http, OpenApiDocuments.V3Index));
        endpoints.MapGet("/openapi/v3/api/v1", (HttpContext http) => JsonBytes.Write(http, OpenApiDocuments.V3CoreV1));
    }
}
