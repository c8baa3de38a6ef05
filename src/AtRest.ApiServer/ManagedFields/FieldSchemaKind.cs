namespace AtRest.ApiServer.ManagedFields;

/// <summary>How structured-merge-diff treats a node of an object (from the kind's OpenAPI schema upstream).</summary>
internal enum FieldSchemaKind
{
    /// <summary>A scalar, or an atomic list or map: owned and replaced as a whole.</summary>
    Leaf,

    /// <summary>A Go struct: named fields, always present (never itself added or removed).</summary>
    Struct,

    /// <summary>A Go map (<c>data</c>, <c>labels</c>): each key is an item; the map itself is tracked as <c>.</c>.</summary>
    Map,

    /// <summary>A list of scalars merged as a set (<c>metadata.finalizers</c>): items are <c>v:</c> steps.</summary>
    Set,

    /// <summary>A list of structs merged by key fields (<c>ownerReferences</c> by <c>uid</c>): items are <c>k:</c> steps.</summary>
    KeyedList,
}
