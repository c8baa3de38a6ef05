using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Unstructured;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Serialization;

/// <summary>
/// JSON in and out for <see cref="UnstructuredObject"/>s, stored as JSON as kube-apiserver stores custom resources.
/// Metadata goes through AtRest.Kubernetes' ObjectMeta codec (carried by an empty ConfigMap), so its rules and
/// messages are kube's; in strict mode a top-level field the kind's schema does not name is an unknown field.
/// </summary>
internal sealed class UnstructuredCodec : KindCodec
{
    /// <summary>The one instance (it keeps no state).</summary>
    public static readonly UnstructuredCodec Instance = new();

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private UnstructuredCodec()
    {
    }

    /// <inheritdoc />
    public override Type ObjectType => typeof(UnstructuredObject);

    /// <inheritdoc />
    public override Type ListType => typeof(UnstructuredList);

    /// <inheritdoc />
    public override byte[] ToStorage(KubernetesObject obj) => ToJson(obj);

    /// <inheritdoc />
    public override KubernetesResource FromStorage(ReadOnlySpan<byte> data, KindRegistration kind) => FromJson(data.ToArray(), strict: false, kind);

    /// <inheritdoc />
    public override byte[] ToJson(KubernetesObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            switch (obj)
            {
                case UnstructuredObject item: WriteObject(w, item); break;
                case UnstructuredList list: WriteList(w, list); break;
                default: throw new ArgumentException($"{obj.GetType().Name} is not unstructured", nameof(obj));
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public override KubernetesResource FromJson(ReadOnlyMemory<byte> json, bool strict, KindRegistration kind)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json.Span) as JsonObject ?? throw new KubernetesJsonException("expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new KubernetesJsonException($"invalid JSON: {e.Message}", e);
        }

        var apiVersion = TypeField(root, "apiVersion") ?? kind.GroupVersion;
        var kindName = TypeField(root, "kind") ?? kind.Kind;
        if (kindName != kind.Kind || apiVersion != kind.GroupVersion)
        {
            throw new KubernetesJsonException($"the kind \"{apiVersion}, Kind={kindName}\" does not match the expected \"{kind.GroupVersion}, Kind={kind.Kind}\"");
        }

        var obj = new UnstructuredObject(apiVersion, kindName);
        var known = kind.Schema.Root.Schema.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (name, value) in root.ToList())
        {
            switch (name)
            {
                case "apiVersion" or "kind":
                    break;
                case "metadata":
                    obj.Metadata = ReadMetadata(value, strict);
                    break;
                default:
                    if (strict && !known.Contains(name))
                    {
                        unknown.Add($"unknown field \"{name}\"");
                    }

                    root.Remove(name);
                    obj.Content[name] = value;
                    break;
            }
        }

        return unknown.Count > 0 ? throw new KubernetesJsonException(unknown) : obj;
    }

    private static void WriteObject(Utf8JsonWriter w, UnstructuredObject obj)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", obj.ApiVersion);
        w.WriteString("kind", obj.Kind);
        w.WritePropertyName("metadata");
        WriteMetadata(w, obj.Metadata);
        foreach (var (name, value) in obj.Content)
        {
            w.WritePropertyName(name);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                value.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, UnstructuredList list)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", list.ApiVersion);
        w.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            WriteObject(w, item);
        }

        w.WriteEndArray();
        w.WriteString("kind", list.Kind);
        w.WriteStartObject("metadata");
        if (list.Metadata.ResourceVersion.Length > 0)
        {
            w.WriteString("resourceVersion", list.Metadata.ResourceVersion);
        }

        if (list.Metadata.Continue.Length > 0)
        {
            w.WriteString("continue", list.Metadata.Continue);
        }

        if (list.Metadata.RemainingItemCount is { } remaining)
        {
            w.WriteNumber("remainingItemCount", remaining);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    // ObjectMeta has one JSON codec, AtRest.Kubernetes'; an empty ConfigMap carries it there and back.
    private static void WriteMetadata(Utf8JsonWriter w, ObjectMeta metadata)
    {
        using var carrier = JsonDocument.Parse(KubernetesObjectCodec.EncodeJson(new ConfigMap { Metadata = metadata }));
        carrier.RootElement.GetProperty("metadata").WriteTo(w);
    }

    private static ObjectMeta ReadMetadata(JsonNode? metadata, bool strict)
    {
        var carrier = new JsonObject { ["apiVersion"] = "v1", ["kind"] = ConfigMap.KindName, ["metadata"] = metadata?.DeepClone() };
        return ((ConfigMap)KubernetesObjectCodec.DecodeJson(carrier.ToJsonString(), strict)).Metadata;
    }

    private static string? TypeField(JsonObject root, string name) =>
        root[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
