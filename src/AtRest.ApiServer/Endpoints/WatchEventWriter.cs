using System.Buffers;
using System.Text.Json;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Endpoints;

/// <summary>Formats watch event lines: <c>{"type":"ADDED","object":{…}}\n</c>, the object as JSON or as a one-row Table.</summary>
internal sealed class WatchEventWriter(ResourceStrategy strategy, ResponseFormat format, string metaVersion, IncludeObject include)
{
    /// <summary>An ADDED/MODIFIED/DELETED line.</summary>
    public byte[] Event(string type, KubernetesResource obj) => Line(type, w =>
    {
        if (format == ResponseFormat.Table)
        {
            TableWriter.WriteTable(w, strategy, [obj], metaVersion, obj.Metadata.ResourceVersion, null, include, withColumns: true);
        }
        else if (format == ResponseFormat.PartialObjectMetadata)
        {
            MetadataJson.WritePartialObjectMetadata(w, obj, metaVersion);
        }
        else
        {
            w.WriteRawValue(ObjectCodec.ToJson(obj), skipInputValidation: true);
        }
    });

    /// <summary>A BOOKMARK line: an empty object of the kind carrying only the resourceVersion.</summary>
    public byte[] Bookmark(string resourceVersion) => Line("BOOKMARK", w =>
    {
        if (format == ResponseFormat.Table)
        {
            TableWriter.WriteTable(w, strategy, [], metaVersion, resourceVersion, null, include, withColumns: false);
            return;
        }

        w.WriteStartObject();
        w.WriteString("kind", strategy.Definition.Kind);
        w.WriteString("apiVersion", "v1");
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", resourceVersion);
        w.WriteNull("creationTimestamp");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>An ERROR line carrying a Status.</summary>
    public byte[] Error(ApiException error) => Line("ERROR", w => w.WriteRawValue(ObjectCodec.ToJson(error.ToStatus()), skipInputValidation: true));

    private static byte[] Line(string type, Action<Utf8JsonWriter> writeObject)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WritePropertyName("object");
            writeObject(w);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
