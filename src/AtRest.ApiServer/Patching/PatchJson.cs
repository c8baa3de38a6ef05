using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Patching;

/// <summary>
/// Parses a patch body into a mutable tree as Go's <c>encoding/json</c> reads it into <c>map[string]interface{}</c>:
/// a repeated key keeps its last value. <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
/// instead fails on first access to such an object with an <see cref="ArgumentException"/> (a 500), and on a string
/// holding an escaped lone surrogate with an <see cref="InvalidOperationException"/>; both are malformed-patch errors here.
/// </summary>
internal static class PatchJson
{
    /// <summary>The tree of <paramref name="json"/> (null for JSON <c>null</c>).</summary>
    /// <exception cref="JsonException">Malformed JSON, nesting deeper than 64, or an escaped lone surrogate.</exception>
    public static JsonNode? Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        try
        {
            return Convert(document.RootElement);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Convert(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString()!);
            case JsonValueKind.Number:
                return JsonValue.Create(element.Clone());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }
}
