using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>How the items of a set or keyed list are named in field paths, and found again.</summary>
internal static class ListItems
{
    /// <summary>The path step of <paramref name="item"/> in a list of <paramref name="schema"/>.</summary>
    public static PathElement StepOf(JsonNode? item, FieldSchema schema) => schema.Kind switch
    {
        FieldSchemaKind.Set => PathElement.ForValue(item),
        _ => PathElement.Key(schema.Keys.Select(k => KeyValuePair.Create(k, (item as JsonObject)?[k]))),
    };

    /// <summary>The items of <paramref name="list"/> by step (a repeated step keeps its first item).</summary>
    public static Dictionary<PathElement, JsonNode?> ByStep(JsonArray? list, FieldSchema schema)
    {
        var items = new Dictionary<PathElement, JsonNode?>();
        foreach (var item in list ?? [])
        {
            items.TryAdd(StepOf(item, schema), item);
        }

        return items;
    }
}
