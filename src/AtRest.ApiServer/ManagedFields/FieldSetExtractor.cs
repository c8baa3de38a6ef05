using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// The set of fields an object sets (structured-merge-diff's <c>ToFieldSet</c>), used for an applied configuration:
/// every leaf, every map entry and list item, and a struct field only when it is a leaf, null or an empty object.
/// </summary>
internal static class FieldSetExtractor
{
    /// <summary>The fields of <paramref name="obj"/> under <paramref name="schema"/>.</summary>
    public static FieldSet ToFieldSet(JsonNode? obj, FieldSchema schema)
    {
        var set = new FieldSet();
        Walk(obj, schema, [], set);
        return set;
    }

    private static void Walk(JsonNode? node, FieldSchema schema, List<PathElement> path, FieldSet set)
    {
        switch (schema.Kind)
        {
            case FieldSchemaKind.Struct when node is JsonObject fields:
                foreach (var (name, value) in fields)
                {
                    path.Add(PathElement.Field(name));
                    var field = schema.FieldOrLeaf(name);
                    Walk(value, field, path, set);
                    if (value is null || value is JsonObject { Count: 0 })
                    {
                        set.Insert(path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            case FieldSchemaKind.Map when node is JsonObject entries:
                foreach (var (key, value) in entries)
                {
                    path.Add(PathElement.Field(key));
                    Walk(value, schema.Element!, path, set);
                    set.Insert(path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case FieldSchemaKind.Set or FieldSchemaKind.KeyedList when node is JsonArray items:
                foreach (var item in items)
                {
                    path.Add(ListItems.StepOf(item, schema));
                    Walk(item, schema.Element!, path, set);
                    set.Insert(path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case FieldSchemaKind.Leaf:
                set.Insert(path);
                break;
        }
    }
}
