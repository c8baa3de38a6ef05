using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// What kube-apiserver's field manager does with client-side apply's <c>kubectl.kubernetes.io/last-applied-configuration</c>
/// when the manager <c>kubectl</c> (kubectl's server-side apply) applies, so a user can move from one apply to the other:
/// <list type="bullet">
/// <item>lastAppliedManager (<see cref="AllowedConflicts"/>): the fields the annotation records with the value the object
/// still has were set by client-side apply, so the server-side apply takes them over without a conflict.</item>
/// <item>lastAppliedUpdater (<see cref="Update"/>): the annotation is rewritten to the applied configuration (without the
/// annotation itself), so a later client-side apply diffs against what was applied last. The value is what Go's
/// <c>json.Encoder</c> writes: keys sorted, compact, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> escaped, a newline.</item>
/// </list>
/// </summary>
internal static class LastAppliedAnnotation
{
    /// <summary>The annotation's name.</summary>
    public const string Name = "kubectl.kubernetes.io/last-applied-configuration";

    private const string Manager = "kubectl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The conflicts an apply by <paramref name="manager"/> may override: null unless the manager is <c>kubectl</c> and
    /// <paramref name="live"/> carries an annotation in the live object's apiVersion; else every field of the annotation's
    /// configuration whose value <paramref name="live"/> still has. An annotation that does not parse allows nothing.
    /// </summary>
    public static FieldSet? AllowedConflicts(JsonObject live, FieldSchema schema, string manager)
    {
        if (manager != Manager || live["metadata"]?["annotations"]?[Name] is not JsonValue value
            || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return null;
        }

        JsonObject lastApplied;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject parsed)
            {
                return null;
            }

            lastApplied = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        if ((string?)lastApplied["apiVersion"] is not { } version || version != (string?)live["apiVersion"])
        {
            return null;
        }

        // A field whose value differs, or that only one side has, is not client-side apply's any more.
        var comparison = ObjectComparison.Of(lastApplied, live, schema);
        return FieldSetExtractor.ToFieldSet(lastApplied, schema)
            .Difference(comparison.Modified)
            .Difference(comparison.Added)
            .Difference(comparison.Removed);
    }

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
