using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Patching;

/// <summary>
/// Strategic merge patch for Secret, ConfigMap and Namespace. Their maps merge like a JSON merge patch; the
/// directives kubectl may send are honoured: <c>$patch: replace|delete|merge</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/…</c> (order only: dropped) and <c>$deleteFromPrimitiveList/…</c>. Lists replace, except
/// <c>metadata.finalizers</c> (merged by value) and <c>metadata.ownerReferences</c> (merged by <c>uid</c>).
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>Applies <paramref name="patch"/> to the object <paramref name="target"/>.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => MergeMap(target as JsonObject, patch, "");

    private static JsonNode? MergeMap(JsonObject? target, JsonNode? patch, string path)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target ?? new JsonObject();
        if (patchObject[PatchDirective] is JsonValue directive)
        {
            switch (directive.ToString())
            {
                case "replace":
                    var replaced = (JsonObject)patchObject.DeepClone();
                    replaced.Remove(PatchDirective);
                    return replaced;
                case "delete":
                    return null;
                case "merge":
                    break;
                default:
                    throw ApiErrors.BadRequest($"Unknown patch type: {directive}");
            }
        }

        if (patchObject[RetainKeysDirective] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(name);
            }
        }

        foreach (var (name, value) in patchObject)
        {
            if (name is PatchDirective or RetainKeysDirective || name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(result, name[DeleteFromPrimitiveListPrefix.Length..], value);
                continue;
            }

            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var childPath = path.Length == 0 ? name : path + "." + name;
            var existing = result[name];
            result.Remove(name);
            var merged = value switch
            {
                JsonObject => MergeMap(existing as JsonObject, value, childPath),
                JsonArray list => MergeList(existing as JsonArray, list, childPath),
                _ => value.DeepClone(),
            };
            if (merged is not null)
            {
                result[name] = merged;
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string path)
    {
        switch (path)
        {
            case "metadata.finalizers":
                var union = target is null ? new JsonArray() : (JsonArray)target.DeepClone();
                foreach (var item in patch)
                {
                    if (!union.Any(existing => JsonNode.DeepEquals(existing, item)))
                    {
                        union.Add(item?.DeepClone());
                    }
                }

                return union;
            case "metadata.ownerReferences":
                return MergeByKey(target, patch, "uid");
            default:
                var replaced = new JsonArray();
                foreach (var item in patch)
                {
                    if (item is JsonObject o && o[PatchDirective] is not null)
                    {
                        continue;
                    }

                    replaced.Add(item?.DeepClone());
                }

                return replaced;
        }
    }

    private static JsonArray MergeByKey(JsonArray? target, JsonArray patch, string key)
    {
        var result = target is null ? new JsonArray() : (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                continue;
            }

            var id = patchItem[key]?.ToString();
            var index = result.Select((n, i) => (n, i)).FirstOrDefault(p => p.n is JsonObject o && o[key]?.ToString() == id, (null, -1)).Item2;
            if (patchItem[PatchDirective]?.ToString() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeMap((JsonObject)result[index]!.DeepClone(), patchItem, "");
                result[index] = merged;
            }
            else
            {
                result.Add(patchItem.DeepClone());
            }
        }

        return result;
    }

    private static void DeleteFromPrimitiveList(JsonObject target, string field, JsonNode? values)
    {
        if (target[field] is not JsonArray list || values is not JsonArray remove)
        {
            return;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (remove.Any(r => JsonNode.DeepEquals(r, list[i])))
            {
                list.RemoveAt(i);
            }
        }
    }
}
