using System.Security.Cryptography;
using System.Text.Json;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>
/// The OpenAPI documents, built once from the registry: v2 (JSON, and the protobuf kubectl 1.20 asks for) with every
/// kind, and a v3 document per group version with its index. kubectl reads them for <c>explain</c>, client-side
/// validation (1.20), whether a kind supports <c>dryRun</c> (1.20) and <c>fieldValidation</c> (1.27+).
/// </summary>
internal sealed class OpenApiDocuments
{
    /// <summary>The v2 protobuf media type in the dotted form Go's mime parser accepts (the <c>@</c> form breaks kubectl).</summary>
    public const string V2ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>Builds the documents for <paramref name="kinds"/>; <paramref name="serverVersion"/> is <c>/version</c>'s gitVersion.</summary>
    public OpenApiDocuments(KindRegistry kinds, string serverVersion)
    {
        V2Json = OpenApiDocumentWriter.Write(OpenApiVersion.V2, kinds.All, serverVersion);
        V2Protobuf = OpenApiV2Protobuf.FromJson(V2Json);
        var index = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var groupVersion in kinds.All.GroupBy(k => k.PathPrefix.TrimStart('/')))
        {
            var document = OpenApiDocumentWriter.Write(OpenApiVersion.V3, [.. groupVersion], serverVersion);
            var hash = Convert.ToHexString(SHA512.HashData(document));
            V3[groupVersion.Key] = document;
            index[groupVersion.Key] = new Dictionary<string, string> { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion.Key}?hash={hash}" };
        }

        V3Index = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["paths"] = index });
    }

    /// <summary><c>GET /openapi/v2</c> as JSON.</summary>
    public byte[] V2Json { get; }

    /// <summary><c>GET /openapi/v2</c> as gnostic protobuf.</summary>
    public byte[] V2Protobuf { get; }

    /// <summary><c>GET /openapi/v3</c>: the index of group-version documents.</summary>
    public byte[] V3Index { get; }

    /// <summary>The v3 documents by path under <c>/openapi/v3/</c> (<c>api/v1</c>, <c>apis/authorization.k8s.io/v1</c>).</summary>
    public Dictionary<string, byte[]> V3 { get; } = new(StringComparer.Ordinal);
}
