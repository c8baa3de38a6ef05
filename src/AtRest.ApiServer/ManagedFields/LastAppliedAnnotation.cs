using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// kube-apiserver's lastAppliedUpdater: a server-side apply by the manager <c>kubectl</c> to an object that carries
/// client-side apply's <c>kubectl.kubernetes.io/last-applied-configuration</c> rewrites that annotation to the applied
/// configuration (without the annotation itself), so a later client-side apply diffs against what was applied last.
/// The value is what Go's <c>json.Encoder</c> writes: keys sorted, compact, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> escaped, a newline.
/// </summary>
internal static class LastAppliedAnnotation
{
    /// <summary>The annotation's name.</summary>
    public const string Name = "kubectl.kubernetes.io/last-applied-configuration";

    private const string Manager = "kubectl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Updates <paramref name="merged"/>'s annotation after an apply of <paramref name="config"/> by <paramref name="manager"/>.</summary>
    public static void Update(JsonObject merged, JsonObject config, string manager)
    {
        if (manager != Manager || merged["metadata"]?["annotations"] is not JsonObject annotations || !annotations.ContainsKey(Name))
        {
            return;
        }

        var applied = (JsonObject)config.DeepClone();
        if (applied["metadata"]?["annotations"] is JsonObject own)
        {
            own.Remove(Name);
        }

        annotations[Name] = GoJson(applied) + "\n";
    }

    private static string GoJson(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteSorted(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray())
            .Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
