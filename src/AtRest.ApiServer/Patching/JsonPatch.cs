using System.Globalization;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Patching;

/// <summary>
/// RFC 6902 JSON patch: <c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c>, <c>test</c>. Bounded as
/// kube-apiserver bounds it: at most 10,000 operations, and <c>copy</c> may add at most 3 MiB in all
/// (<c>JSONPatchMaxCopyBytes</c>), since each copy of the whole document into itself doubles it.
/// </summary>
internal static class JsonPatch
{
    private const int MaxOperations = 10_000;
    private const long MaxCopyBytes = 3 * 1024 * 1024;

    /// <summary>Applies the operations in order to <paramref name="document"/>; a malformed patch is a 400, a failing operation a 422.</summary>
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        if (operations.Count > MaxOperations)
        {
            throw new ApiException(413, "RequestEntityTooLarge", $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        var root = new JsonObject { ["doc"] = document };
        long copied = 0;
        foreach (var node in operations)
        {
            if (node is not JsonObject op)
            {
                throw ApiErrors.BadRequest("json: cannot unmarshal into Go value of type jsonpatch.Operation");
            }

            var kind = op["op"]?.ToString() ?? throw ApiErrors.BadRequest("Unexpected kind: missing \"op\"");
            var path = op["path"]?.ToString() ?? throw Failed($"missing path in {kind} operation");
            switch (kind)
            {
                case "add":
                    Add(root, path, Value(op, kind));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(op, kind));
                    break;
                case "move":
                    var moved = Remove(root, From(op, kind));
                    Add(root, path, moved);
                    break;
                case "copy":
                    var copy = Get(root, From(op, kind))?.DeepClone();
                    copied += copy is null ? 4 : copy.ToJsonString().Length;
                    if (copied > MaxCopyBytes)
                    {
                        throw Failed($"Unable to complete the copy, the accumulated size increase of copy is {copied}, exceeding the limit {MaxCopyBytes}");
                    }

                    Add(root, path, copy);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw Failed($"testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest($"Unexpected kind: {kind}");
            }
        }

        return root["doc"] ?? throw Failed("the patch removed the whole document");
    }

    private static JsonNode? Value(JsonObject op, string kind) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Failed($"missing value in {kind} operation");

    private static string From(JsonObject op, string kind) =>
        op["from"]?.ToString() ?? throw Failed($"missing from in {kind} operation");

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string path)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            throw Failed($"invalid JSON pointer {FieldQuote(path)}");
        }

        var tokens = ("/doc" + path).Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            current = Child(current, tokens[i]) ?? throw Failed($"doc is missing path: {FieldQuote(path)}: missing value");
        }

        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        return Child(parent, token);
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(token);
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Failed($"doc is missing path: {FieldQuote(path)}: missing value");
        }
    }

    private static JsonNode? Remove(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token):
                var value = o[token];
                o.Remove(token);
                return value;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Failed($"doc is missing path: {FieldQuote(path)}: missing value");
        }
    }

    private static string FieldQuote(string path) => ApiErrors.Quote(path);

    private static ApiException Failed(string message) => new(422, "Invalid", message);
}
