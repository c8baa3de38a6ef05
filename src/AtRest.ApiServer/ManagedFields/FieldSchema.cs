namespace AtRest.ApiServer.ManagedFields;

/// <summary>The shape of one node of a kind's object, as far as field ownership needs it.</summary>
internal sealed class FieldSchema
{
    private static readonly Dictionary<string, FieldSchema> NoFields = [];

    private FieldSchema(FieldSchemaKind kind, IReadOnlyDictionary<string, FieldSchema> fields, FieldSchema? element, IReadOnlyList<string> keys)
    {
        Kind = kind;
        Fields = fields;
        Element = element;
        Keys = keys;
    }

    /// <summary>A scalar or atomic value.</summary>
    public static FieldSchema Leaf { get; } = new(FieldSchemaKind.Leaf, NoFields, null, []);

    /// <summary>A map of strings (labels, annotations, data).</summary>
    public static FieldSchema StringMap { get; } = new(FieldSchemaKind.Map, NoFields, Leaf, []);

    /// <summary>A list of strings merged as a set.</summary>
    public static FieldSchema StringSet { get; } = new(FieldSchemaKind.Set, NoFields, Leaf, []);

    /// <summary>What kind of node.</summary>
    public FieldSchemaKind Kind { get; }

    /// <summary>A struct's fields (a field not listed is treated as a leaf).</summary>
    public IReadOnlyDictionary<string, FieldSchema> Fields { get; }

    /// <summary>The items' schema of a map or list.</summary>
    public FieldSchema? Element { get; }

    /// <summary>The key fields of a keyed list.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>A struct with <paramref name="fields"/>.</summary>
    public static FieldSchema Struct(IReadOnlyDictionary<string, FieldSchema> fields) => new(FieldSchemaKind.Struct, fields, null, []);

    /// <summary>A list of <paramref name="item"/> structs keyed by <paramref name="keys"/>.</summary>
    public static FieldSchema KeyedList(FieldSchema item, params string[] keys) => new(FieldSchemaKind.KeyedList, NoFields, item, keys);

    /// <summary>The schema of a struct's field <paramref name="name"/>.</summary>
    public FieldSchema FieldOrLeaf(string name) => Fields.TryGetValue(name, out var field) ? field : Leaf;
}
