using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.Cli.Commands.Import;

/// <summary>
/// Reads a dump: a v1 <c>List</c> (what <c>atrest export</c> and <c>kubectl get -o yaml</c> write), a typed list such
/// as <c>SecretList</c>, or one object; YAML or JSON. Items are decoded strictly, so a misspelt field is an error that
/// names the item.
/// </summary>
internal static class DumpReader
{
    /// <exception cref="FormatException">The dump or an item is malformed; the message names which.</exception>
    public static IReadOnlyList<KubernetesResource> Read(byte[] dump, string source)
    {
        JsonNode? root;
        try
        {
            var json = dump.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..] ? dump : KubernetesObjectCodec.YamlToJsonBytes(dump);
            root = JsonNode.Parse(json);
        }
        catch (Exception e) when (e is KubernetesJsonException or JsonException)
        {
            throw new FormatException($"{source} is neither a YAML nor a JSON document: {e.Message}", e);
        }

        if (root is not JsonObject document)
        {
            throw new FormatException($"{source} holds no object (a v1 List or one Secret, ConfigMap or Namespace)");
        }

        var kind = document["kind"]?.GetValueKind() == JsonValueKind.String ? document["kind"]!.GetValue<string>() : "";
        if (!kind.EndsWith("List", StringComparison.Ordinal))
        {
            return [Decode(document, $"{source}")];
        }

        if (document["items"] is not JsonArray items)
        {
            return document["items"] is null
                ? []
                : throw new FormatException($"{source}: the {kind}'s items is not a list");
        }

        return items.Select((item, index) => item is JsonObject obj
                ? Decode(obj, $"{source}: items[{index}]")
                : throw new FormatException($"{source}: items[{index}] is not an object"))
            .ToArray();
    }

    private static KubernetesResource Decode(JsonObject item, string where)
    {
        try
        {
            return KubernetesObjectCodec.DecodeJson(item.ToJsonString(), strict: true) as KubernetesResource
                ?? throw new FormatException($"{where} is not a Secret, ConfigMap or Namespace");
        }
        catch (KubernetesJsonException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }
}
