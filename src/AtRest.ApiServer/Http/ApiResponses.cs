using System.Buffers;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.ApiServer.Storage;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>Writes objects, lists and Status responses in the form the client asked for.</summary>
internal static class ApiResponses
{
    private const string ProtobufContentType = KubernetesObjectCodec.ProtobufMediaType;

    /// <summary>Writes one object (JSON, YAML, protobuf, a one-row Table or its metadata).</summary>
    public static Task WriteObjectAsync(HttpContext http, ResourceStrategy strategy, KubernetesResource obj, int statusCode = StatusCodes.Status200OK)
    {
        var (format, metaVersion) = ResponseNegotiation.Choose(http.Request);
        return format switch
        {
            ResponseFormat.Table => JsonBytes.Write(http, TableWriter.Write(
                strategy, [obj], metaVersion, obj.Metadata.ResourceVersion, null, TableWriter.ParseInclude(http.Request.Query["includeObject"])),
                statusCode: statusCode),
            ResponseFormat.PartialObjectMetadata => JsonBytes.Write(http, Write(w => MetadataJson.WritePartialObjectMetadata(w, obj, metaVersion)), statusCode: statusCode),
            _ => WriteEncodedAsync(http, obj, format, statusCode),
        };
    }

    /// <summary>Writes a page of a list (as the kind's list type, a Table, or a PartialObjectMetadataList).</summary>
    public static Task WriteListAsync(HttpContext http, ResourceStrategy strategy, ListPage page)
    {
        var (format, metaVersion) = ResponseNegotiation.Choose(http.Request);
        var resourceVersion = ResourceStore.Revision(page.Revision);
        switch (format)
        {
            case ResponseFormat.Table:
                return JsonBytes.Write(http, TableWriter.Write(
                    strategy, page.Items, metaVersion, resourceVersion, page.Continue, TableWriter.ParseInclude(http.Request.Query["includeObject"])));
            case ResponseFormat.PartialObjectMetadata:
                return JsonBytes.Write(http, Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("kind", "PartialObjectMetadataList");
                    w.WriteString("apiVersion", "meta.k8s.io/" + metaVersion);
                    w.WriteStartObject("metadata");
                    w.WriteString("resourceVersion", resourceVersion);
                    if (page.Continue is not null)
                    {
                        w.WriteString("continue", page.Continue);
                    }

                    if (page.RemainingItemCount is { } remaining)
                    {
                        w.WriteNumber("remainingItemCount", remaining);
                    }

                    w.WriteEndObject();
                    w.WriteStartArray("items");
                    foreach (var item in page.Items)
                    {
                        MetadataJson.WritePartialObjectMetadata(w, item, metaVersion);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }));
            default:
                var list = strategy.CreateList(page.Items);
                list.Metadata.ResourceVersion = resourceVersion;
                list.Metadata.Continue = page.Continue ?? "";
                list.Metadata.RemainingItemCount = page.RemainingItemCount;
                return WriteEncodedAsync(http, list, format, StatusCodes.Status200OK);
        }
    }

    /// <summary>Writes a list of objects (e.g. what a deletecollection removed) in the negotiated form.</summary>
    public static Task WriteListAsync(HttpContext http, ResourceStrategy strategy, IReadOnlyList<KubernetesResource> items, long revision) =>
        WriteListAsync(http, strategy, new ListPage(items, revision, null));

    /// <summary>
    /// Writes a failure Status (always JSON: clients decode by the response's Content-Type), with <c>Retry-After</c>
    /// when the Status carries <c>retryAfterSeconds</c>, as kube-apiserver's <c>ErrorNegotiated</c> does.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext http, ApiException error)
    {
        if (error.Details is { RetryAfterSeconds: > 0 } details)
        {
            http.Response.Headers.RetryAfter = details.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return JsonBytes.Write(http, ObjectCodec.ToJson(error.ToStatus()), statusCode: error.Code);
    }

    /// <summary>Writes a <c>status: Success</c> Status, as a delete that removed the object immediately returns.</summary>
    public static Task WriteSuccessAsync(HttpContext http, StatusDetails details)
    {
        var status = new Status { State = Status.Success, Details = details };
        return JsonBytes.Write(http, ObjectCodec.ToJson(status));
    }

    private static Task WriteEncodedAsync(HttpContext http, KubernetesObject obj, ResponseFormat format, int statusCode) => format switch
    {
        // A kind without a protobuf form (as kube's custom resources) answers JSON, which every client accepts too.
        ResponseFormat.Protobuf when ObjectCodec.HasProtobuf(obj) => JsonBytes.Write(http, ObjectCodec.ToProtobuf(obj), ProtobufContentType, statusCode),
        ResponseFormat.Yaml => JsonBytes.Write(http, Encoding.UTF8.GetBytes(ObjectCodec.ToYaml(obj)), "application/yaml", statusCode),
        _ => JsonBytes.Write(http, ObjectCodec.ToJson(obj), statusCode: statusCode),
    };

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            body(w);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
