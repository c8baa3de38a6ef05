using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// A manager whose set holds a map or list (say <c>data</c>) as a bare member, with none of its entries (left so when
/// another manager took every entry it had), is read by kube-apiserver 1.20 as owning that map whole: before the next
/// write its set gains every entry the live object has there. This reproduces that, observed on the real server:
/// <code>
///   kubectl-create {"f:data":{}}  + live data {key, o}  →  {"f:data":{".":{},"f:key":{},"f:o":{}}}
/// </code>
/// </summary>
internal static class GranularOwnership
{
    /// <summary><paramref name="entries"/> with such bare members expanded over <paramref name="live"/>.</summary>
    public static List<ManagerEntry> Expand(List<ManagerEntry> entries, JsonObject live, FieldSchema schema) =>
        [.. entries.Select(e =>
        {
            var added = new FieldSet();
            Walk(e.Set, live, schema, [], added);
            return added.IsEmpty ? e : e with { Set = e.Set.Union(added) };
        })];

    private static void Walk(FieldSet owned, JsonNode? node, FieldSchema schema, List<PathElement> path, FieldSet added)
    {
        if (schema.Kind is FieldSchemaKind.Map or FieldSchemaKind.Set or FieldSchemaKind.KeyedList
            && path.Count > 0 && owned.Has(path) && !owned.HasChildren(path) && node is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            foreach (var inside in FieldSetExtractor.ToFieldSet(node, schema).Paths())
            {
                added.Insert([.. path, .. inside]);
            }

            return;
        }

        if (schema.Kind == FieldSchemaKind.Struct && node is JsonObject fields)
        {
            foreach (var (name, value) in fields)
            {
                path.Add(PathElement.Field(name));
                Walk(owned, value, schema.FieldOrLeaf(name), path, added);
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
