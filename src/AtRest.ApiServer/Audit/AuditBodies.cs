using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.Kubernetes;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Turns a request or response body into the JSON an event records (runtime.Unknown's raw JSON in kube): YAML and
/// Kubernetes protobuf bodies are converted, secret values are fingerprinted by <see cref="AuditBodySanitizer"/>.
/// A body that cannot be read as an object is left out of the event rather than recorded as it came.
/// </summary>
internal sealed class AuditBodies(AuditBodySanitizer sanitizer)
{
    // Compact, with non-ASCII text kept as UTF-8 as Go's encoder keeps it.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How the body is to be treated.</summary>
    /// <param name="HoldsSecretValues">The resource's values must never be recorded.</param>
    /// <param name="DataIsBase64">The resource's <c>data</c> is base64 (Secrets).</param>
    /// <param name="IsPatch">The body is a patch (every string in it is fingerprinted).</param>
    /// <param name="OmitManagedFields">Leave <c>metadata.managedFields</c> out.</param>
    public readonly record struct Treatment(bool HoldsSecretValues, bool DataIsBase64, bool IsPatch, bool OmitManagedFields);

    /// <summary>The body as JSON (converted from YAML or protobuf), or null when it is empty or not an object or array.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            var type = contentType ?? "";
            var json = type.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || KubernetesObjectCodec.IsProtobuf(body)
                ? KubernetesObjectCodec.EncodeJson(KubernetesObjectCodec.DecodeProtobuf(body))
                : type.Contains("yaml", StringComparison.OrdinalIgnoreCase) ? KubernetesObjectCodec.YamlToJsonBytes(body) : body.ToArray();
            node = JsonNode.Parse(json);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }

        return node is JsonObject or JsonArray ? node : null;
    }

    /// <summary>The body as recordable JSON, or null when it is empty or unreadable.</summary>
    public JsonNode? Read(ReadOnlySpan<byte> body, string? contentType, Treatment treatment)
    {
        if (Parse(body, contentType) is not { } node)
        {
            return null;
        }

        if (treatment.OmitManagedFields && !treatment.IsPatch)
        {
            AuditBodySanitizer.RemoveManagedFields(node);
        }

        if (treatment.HoldsSecretValues)
        {
            if (treatment.IsPatch)
            {
                sanitizer.SanitizePatch(node, treatment.DataIsBase64);
            }
            else
            {
                sanitizer.SanitizeObject(node, treatment.DataIsBase64);
            }
        }

        return node;
    }

    /// <summary>Serializes a recordable body.</summary>
    public static byte[] ToJson(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
