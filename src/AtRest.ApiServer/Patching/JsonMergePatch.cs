using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Patching;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, <c>null</c> removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> and returns the result (target may be reused).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var existing = result[name];
                result.Remove(name);
                result[name] = Apply(existing, value);
            }
        }

        return result;
    }
}
