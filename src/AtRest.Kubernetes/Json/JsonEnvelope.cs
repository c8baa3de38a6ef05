using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary>Dispatches JSON documents on <c>apiVersion</c>/<c>kind</c> and writes objects as upstream does.</summary>
internal static class JsonEnvelope
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public static byte[] Encode(KubernetesObject obj, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            IndentSize = 4,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            switch (obj)
            {
                case KubernetesResource resource: CoreJson.WriteResource(w, resource); break;
                case KubernetesList list: CoreJson.WriteList(w, list); break;
                case Status status: StatusJson.Write(w, status); break;
                default: throw new KubernetesJsonException($"no JSON encoding for {obj.GetType().Name}");
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static KubernetesObject Decode(ReadOnlyMemory<byte> json, bool strict, string? expectedKind)
    {
        // System.Text.Json checks string contents only when they are read; refuse bad UTF-8 up front instead.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new KubernetesJsonException("invalid JSON: the input is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(SurrogateEscapes.Repair(json), ParseOptions);
        }
        catch (JsonException e)
        {
            throw new KubernetesJsonException($"invalid JSON: {e.Message}", e);
        }

        using (document)
        {
            return Decode(document.RootElement, strict, expectedKind);
        }
    }

    public static KubernetesObject Decode(JsonElement root, bool strict, string? expectedKind)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw JsonReadContext.TypeError("", "object", root);
        }

        var kind = TypeField(root, "kind");
        var apiVersion = TypeField(root, "apiVersion");
        if (kind is null)
        {
            kind = expectedKind ?? throw new KubernetesJsonException("Object 'Kind' is missing");
        }
        else if (expectedKind is not null && kind != expectedKind)
        {
            throw new KubernetesJsonException($"the kind \"{kind}\" does not match the expected kind \"{expectedKind}\"");
        }

        if (apiVersion is null && expectedKind is null)
        {
            throw new KubernetesJsonException("Object 'apiVersion' is missing");
        }

        apiVersion ??= "v1";
        var c = new JsonReadContext(strict);
        KubernetesObject result = (apiVersion, kind) switch
        {
            ("v1", Secret.KindName) => CoreJson.ReadSecret(c, root, ""),
            ("v1", ConfigMap.KindName) => CoreJson.ReadConfigMap(c, root, ""),
            ("v1", Namespace.KindName) => CoreJson.ReadNamespace(c, root, ""),
            ("v1", SecretList.KindName) => CoreJson.ReadList<SecretList, Secret>(c, root, CoreJson.ReadSecret),
            ("v1", ConfigMapList.KindName) => CoreJson.ReadList<ConfigMapList, ConfigMap>(c, root, CoreJson.ReadConfigMap),
            ("v1", NamespaceList.KindName) => CoreJson.ReadList<NamespaceList, Namespace>(c, root, CoreJson.ReadNamespace),
            ("v1", Event.KindName) => EventJson.Read(c, root, ""),
            ("v1", EventList.KindName) => CoreJson.ReadList<EventList, Event>(c, root, EventJson.Read),
            (EventsV1Event.GroupVersion, _) => EventsV1Json.Read(c, root, kind),
            ("v1" or "meta.k8s.io/v1", Status.KindName) => StatusJson.Read(c, root),
            (Model.Rbac.RbacGroup.ApiVersion, _) => RbacJson.Read(c, root, kind),
            _ => throw new KubernetesJsonException($"unsupported object type apiVersion \"{apiVersion}\" kind \"{kind}\""),
        };

        if (c.StrictErrors.Count > 0)
        {
            throw new KubernetesJsonException(c.StrictErrors);
        }

        result.ApiVersion = apiVersion;
        result.Kind = kind;
        return result;
    }

    private static string? TypeField(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw JsonReadContext.TypeError(name, "string", value);
        }

        var text = value.GetString()!;
        return text.Length == 0 ? null : text;
    }
}
