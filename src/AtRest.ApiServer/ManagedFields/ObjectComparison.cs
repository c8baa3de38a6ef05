using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// What changed between two versions of an object (structured-merge-diff's <c>Compare</c>): leaves and items that
/// appeared, changed value, or went. A map or list that appears or goes is itself added or removed; a struct field
/// never is (Go structs are always present), only its content.
/// </summary>
internal sealed class ObjectComparison
{
    private ObjectComparison()
    {
    }

    /// <summary>Paths present only in the new object.</summary>
    public FieldSet Added { get; } = new();

    /// <summary>Leaves whose value changed.</summary>
    public FieldSet Modified { get; } = new();

    /// <summary>Paths present only in the old object.</summary>
    public FieldSet Removed { get; } = new();

    /// <summary>True when nothing changed.</summary>
    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    /// <summary>Compares <paramref name="old"/> with <paramref name="updated"/> under <paramref name="schema"/>.</summary>
    public static ObjectComparison Of(JsonNode? old, JsonNode? updated, FieldSchema schema)
    {
        var comparison = new ObjectComparison();
        comparison.Walk(old, updated, schema, [], structField: true);
        return comparison;
    }

    private void Walk(JsonNode? lhs, JsonNode? rhs, FieldSchema schema, List<PathElement> path, bool structField)
    {
        if (schema.Kind == FieldSchemaKind.Leaf)
        {
            if (lhs is null && rhs is not null)
            {
                Added.Insert(path);
            }
            else if (lhs is not null && rhs is null)
            {
                Removed.Insert(path);
            }
            else if (lhs is not null && !JsonNode.DeepEquals(lhs, rhs))
            {
                Modified.Insert(path);
            }

            return;
        }

        switch (schema.Kind)
        {
            case FieldSchemaKind.Struct:
                var (l, r) = (lhs as JsonObject, rhs as JsonObject);
                foreach (var name in Names(l, r))
                {
                    path.Add(PathElement.Field(name));
                    Walk(l?[name], r?[name], schema.FieldOrLeaf(name), path, structField: true);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case FieldSchemaKind.Map:
                var (lm, rm) = (lhs as JsonObject, rhs as JsonObject);
                foreach (var key in Names(lm, rm))
                {
                    path.Add(PathElement.Field(key));
                    Walk(lm?[key], rm?[key], schema.Element!, path, structField: false);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            default:
                var left = ListItems.ByStep(lhs as JsonArray, schema);
                var right = ListItems.ByStep(rhs as JsonArray, schema);
                foreach (var step in left.Keys.Union(right.Keys).ToList())
                {
                    path.Add(step);
                    Walk(left.GetValueOrDefault(step), right.GetValueOrDefault(step), schema.Element!, path, structField: false);
                    path.RemoveAt(path.Count - 1);
                }

                break;
        }

        if (schema.Kind == FieldSchemaKind.Struct && structField)
        {
            return;
        }

        if (lhs is null && rhs is not null)
        {
            Added.Insert(path);
        }
        else if (lhs is not null && rhs is null)
        {
            Removed.Insert(path);
        }
    }

    private static IEnumerable<string> Names(JsonObject? a, JsonObject? b) =>
        (a?.Select(p => p.Key) ?? []).Union(b?.Select(p => p.Key) ?? [], StringComparer.Ordinal).ToList();
}
