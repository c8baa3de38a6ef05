using System.Security.Cryptography;
using System.Text.Json;
using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery;

/// <summary>
/// The OpenAPI answers kubectl needs. kubectl only asks whether server-side field validation exists for a kind
/// (a <c>patch</c> operation tagged with the kind's GVK that has a <c>fieldValidation</c> parameter, in v3) and,
/// for <c>List</c> inputs, loads the v2 document for client-side validation, where a kind not in the document passes.
/// </summary>
internal static class OpenApiDocuments
{
    /// <summary>The v2 protobuf media type in the dotted form Go's mime parser accepts (the <c>@</c> form breaks kubectl).</summary>
    public const string V2ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary><c>openapi_v2.Document</c> with only field 1 (<c>swagger</c>) = "2.0": <c>0a 03 "2.0"</c>.</summary>
    public static readonly byte[] V2Protobuf = [0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0'];

    /// <summary>The same document as JSON, for clients that ask for JSON.</summary>
    public static readonly byte[] V2Json =
        """{"swagger":"2.0","info":{"title":"Kubernetes","version":"v1"},"paths":{}}"""u8.ToArray();

    /// <summary>The v3 group-version document for <c>api/v1</c>.</summary>
    public static readonly byte[] V3CoreV1 = BuildV3CoreV1();

    /// <summary>The hash kube-apiserver puts in <c>serverRelativeURL</c> so clients can cache the document.</summary>
    public static readonly string V3CoreV1Hash = Convert.ToHexString(SHA512.HashData(V3CoreV1)).ToUpperInvariant();

    /// <summary><c>GET /openapi/v3</c>: the index of group-version documents.</summary>
    public static readonly byte[] V3Index = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["paths"] = new Dictionary<string, object>
        {
            ["api/v1"] = new Dictionary<string, string> { ["serverRelativeURL"] = "/openapi/v3/api/v1?hash=" + V3CoreV1Hash },
        },
    });

    private static byte[] BuildV3CoreV1()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("openapi", "3.0.0");
            w.WriteStartObject("info");
            w.WriteString("title", "Kubernetes");
            w.WriteString("version", "v1");
            w.WriteEndObject();
            w.WriteStartObject("paths");
            foreach (var r in CoreResources.All)
            {
                var item = r.Namespaced ? $"/api/v1/namespaces/{{namespace}}/{r.Resource}/{{name}}" : $"/api/v1/{r.Resource}/{{name}}";
                w.WriteStartObject(item);
                foreach (var verb in new[] { "put", "patch" })
                {
                    w.WriteStartObject(verb);
                    w.WriteString("operationId", $"{verb}CoreV1{(r.Namespaced ? "Namespaced" : "")}{r.Kind}");
                    w.WriteString("x-kubernetes-action", verb == "put" ? "put" : "patch");
                    w.WriteStartObject("x-kubernetes-group-version-kind");
                    w.WriteString("group", "");
                    w.WriteString("version", "v1");
                    w.WriteString("kind", r.Kind);
                    w.WriteEndObject();
                    w.WriteStartArray("parameters");
                    foreach (var p in new[] { "dryRun", "fieldManager", "fieldValidation" })
                    {
                        w.WriteStartObject();
                        w.WriteString("name", p);
                        w.WriteString("in", "query");
                        w.WriteStartObject("schema");
                        w.WriteString("type", "string");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartObject("responses");
                    w.WriteStartObject("200");
                    w.WriteString("description", "OK");
                    w.WriteStartObject("content");
                    w.WriteStartObject("application/json");
                    w.WriteStartObject("schema");
                    w.WriteString("$ref", $"#/components/schemas/io.k8s.api.core.v1.{r.Kind}");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("components");
            w.WriteStartObject("schemas");
            foreach (var r in CoreResources.All)
            {
                w.WriteStartObject($"io.k8s.api.core.v1.{r.Kind}");
                w.WriteString("type", "object");
                w.WriteStartArray("x-kubernetes-group-version-kind");
                w.WriteStartObject();
                w.WriteString("group", "");
                w.WriteString("version", "v1");
                w.WriteString("kind", r.Kind);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
