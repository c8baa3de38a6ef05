using System.Text.Json;
using AtRest.ApiServer.Serialization;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tables;

/// <summary>An object's <c>metadata</c> as JSON, taken from the codec's encoding so that it matches the object's.</summary>
internal static class MetadataJson
{
    /// <summary>Writes <c>{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/&lt;v&gt;","metadata":{…}}</c>.</summary>
    public static void WritePartialObjectMetadata(Utf8JsonWriter w, KubernetesResource item, string metaVersion)
    {
        w.WriteStartObject();
        w.WriteString("kind", "PartialObjectMetadata");
        w.WriteString("apiVersion", "meta.k8s.io/" + metaVersion);
        w.WritePropertyName("metadata");
        WriteMetadata(w, item);
        w.WriteEndObject();
    }

    /// <summary>Writes the <c>metadata</c> object of <paramref name="item"/>.</summary>
    public static void WriteMetadata(Utf8JsonWriter w, KubernetesResource item)
    {
        using var document = JsonDocument.Parse(ObjectCodec.ToJson(item));
        if (document.RootElement.TryGetProperty("metadata", out var metadata))
        {
            metadata.WriteTo(w);
        }
        else
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }
    }
}
