using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Takes every secret value out of a body before it is recorded, for secrets and every resource the encryption
/// configuration names. An object, list, Table or watch event keeps its shape: each value of <c>data</c>,
/// <c>stringData</c> and <c>binaryData</c> becomes its fingerprint, and so does the whole
/// <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation (it is the previous object, values included).
/// A patch is different: it can put a value at any path (a JSON patch replacing <c>/data</c>, a merge patch carrying
/// the annotation, a strategic merge directive), so every string in it is fingerprinted and only field names, data
/// keys, JSON patch operations and paths stay readable. Data values get the same fingerprints either way, so a patched
/// value can be matched with the one a later read returns.
/// </summary>
internal sealed class AuditBodySanitizer(ValueFingerprinter fingerprinter)
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Sanitizes an object, list, Table or Status in place.</summary>
    /// <param name="node">The parsed body.</param>
    /// <param name="dataIsBase64">Whether <c>data</c> holds base64 (Secrets) rather than text (ConfigMaps).</param>
    public void SanitizeObject(JsonNode? node, bool dataIsBase64) => Walk(node, dataIsBase64, allStrings: false);

    /// <summary>Sanitizes a patch body in place: JSON patch (an array of operations), merge, strategic merge or apply.</summary>
    public void SanitizePatch(JsonNode? node, bool dataIsBase64)
    {
        if (node is not JsonArray operations)
        {
            Walk(node, dataIsBase64, allStrings: true);
            return;
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                Walk(operation, dataIsBase64, allStrings: true);
                continue;
            }

            var path = op["path"] is JsonValue pathValue && pathValue.TryGetValue<string>(out var text) ? text : "";
            if (op["value"] is not { } value)
            {
                continue;
            }

            var field = DataField(path);
            if (field is not null && path.Length > field.Length + 2 && value is JsonValue)
            {
                if (FingerprintDataValue(value, field, dataIsBase64) is { } replacement)
                {
                    op["value"] = replacement;
                }
            }
            else if (field is not null && path.Length == field.Length + 1 && value is JsonObject map)
            {
                FingerprintMap(map, field, dataIsBase64);
            }
            else if (Replace(value, dataIsBase64, allStrings: true) is { } fingerprint)
            {
                op["value"] = fingerprint;
            }
        }
    }

    /// <summary>Removes <c>metadata.managedFields</c> from the object and, in a list, from every item (<c>omitManagedFields</c>).</summary>
    public static void RemoveManagedFields(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        (obj["metadata"] as JsonObject)?.Remove("managedFields");
        if (obj["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                (item?["metadata"] as JsonObject)?.Remove("managedFields");
            }
        }
    }

    // "/data/key" → "data"; null when the path is not inside a values map.
    private static string? DataField(string path)
    {
        foreach (var field in (string[])["data", "stringData", "binaryData"])
        {
            if (path == "/" + field || path.StartsWith("/" + field + "/", StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }

    private void Walk(JsonNode? node, bool dataIsBase64, bool allStrings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    var value = obj[name];
                    if (value is JsonObject map && name is "data" or "stringData" or "binaryData")
                    {
                        FingerprintMap(map, name, dataIsBase64);
                    }
                    else if (value is JsonObject annotations && name == "annotations")
                    {
                        FingerprintAnnotations(annotations, dataIsBase64, allStrings);
                    }
                    else if (value is not null && Replace(value, dataIsBase64, allStrings) is { } replacement)
                    {
                        obj[name] = replacement;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && Replace(item, dataIsBase64, allStrings) is { } replacement)
                    {
                        array[i] = replacement;
                    }
                }

                break;
        }
    }

    // A string leaf to fingerprint gets a new node (returned); containers are changed in place (null: nothing to put back).
    private JsonValue? Replace(JsonNode node, bool dataIsBase64, bool allStrings)
    {
        if (node is JsonValue leaf)
        {
            return allStrings && leaf.TryGetValue<string>(out var text) ? JsonValue.Create(fingerprinter.Fingerprint(text)) : null;
        }

        Walk(node, dataIsBase64, allStrings);
        return null;
    }

    private void FingerprintMap(JsonObject map, string field, bool dataIsBase64)
    {
        foreach (var key in map.Select(p => p.Key).ToArray())
        {
            if (map[key] is { } value && FingerprintDataValue(value, field, dataIsBase64) is { } replacement)
            {
                map[key] = replacement;
            }
        }
    }

    private JsonValue? FingerprintDataValue(JsonNode value, string field, bool dataIsBase64)
    {
        if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
        {
            var base64 = field == "binaryData" || (field == "data" && dataIsBase64);
            return JsonValue.Create(base64 ? fingerprinter.FingerprintBase64(text) : fingerprinter.Fingerprint(text));
        }

        // Not a string where a value belongs: whatever it holds is fingerprinted, string by string.
        return Replace(value, dataIsBase64, allStrings: true);
    }

    private void FingerprintAnnotations(JsonObject annotations, bool dataIsBase64, bool allStrings)
    {
        foreach (var key in annotations.Select(p => p.Key).ToArray())
        {
            if (annotations[key] is not { } value)
            {
                continue;
            }

            var replacement = key == LastApplied && value is JsonValue leaf && leaf.TryGetValue<string>(out var text)
                ? JsonValue.Create(fingerprinter.Fingerprint(text))
                : Replace(value, dataIsBase64, allStrings);
            if (replacement is not null)
            {
                annotations[key] = replacement;
            }
        }
    }
}
