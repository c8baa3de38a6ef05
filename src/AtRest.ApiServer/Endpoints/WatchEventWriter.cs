using System.Buffers;
using System.Text;
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
    public byte[] Event(string type, KubernetesResource obj) => format is ResponseFormat.Table or ResponseFormat.PartialObjectMetadata
        ? Line(type, w => WriteObject(w, obj))
        : Frame(type, ObjectCodec.ToJson(obj));

    /// <summary>
    /// A BOOKMARK line: an empty object of the kind carrying only the resourceVersion, and with
    /// <paramref name="initialEventsEnd"/> the <c>k8s.io/initial-events-end: "true"</c> annotation that ends a watch list's
    /// initial events.
    /// </summary>
    public byte[] Bookmark(string resourceVersion, bool initialEventsEnd = false) => Line("BOOKMARK", w =>
    {
        if (format == ResponseFormat.Table)
        {
            TableWriter.WriteTable(w, strategy, [], metaVersion, resourceVersion, null, include, withColumns: false);
            return;
        }

        w.WriteStartObject();
        w.WriteString("kind", strategy.Definition.Kind);
        w.WriteString("apiVersion", strategy.Definition.GroupVersion);
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", resourceVersion);
        w.WriteNull("creationTimestamp");
        if (initialEventsEnd)
        {
            w.WriteStartObject("annotations");
            w.WriteString("k8s.io/initial-events-end", "true");
            w.WriteEndObject();
        }

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

    private void WriteObject(Utf8JsonWriter w, KubernetesResource obj)
    {
        if (format == ResponseFormat.Table)
        {
            TableWriter.WriteTable(w, strategy, [obj], metaVersion, obj.Metadata.ResourceVersion, null, include, withColumns: true);
        }
        else
        {
            MetadataJson.WritePartialObjectMetadata(w, obj, metaVersion);
        }
    }

    private static byte[] Frame(string type, byte[] json)
    {
        // {"type":"<type>","object":<json>}\n, built at its final size: a 900 KB object costs one copy rather than a
        // writer buffer that doubles its way up to it. The types are fixed ASCII words that need no escaping.
        var head = Encoding.ASCII.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var line = new byte[head.Length + json.Length + 2];
        head.CopyTo(line, 0);
        json.CopyTo(line, head.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }
}
