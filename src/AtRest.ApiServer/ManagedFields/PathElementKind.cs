namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// The four kinds of step in a field path, in the order structured-merge-diff sorts them: a struct field or map key
/// (<c>f:</c>), a list item by its key fields (<c>k:</c>), a set item by value (<c>v:</c>), a list item by index (<c>i:</c>).
/// </summary>
internal enum PathElementKind
{
    /// <summary><c>f:name</c>.</summary>
    Field,

    /// <summary><c>k:{"uid":"…"}</c>.</summary>
    Key,

    /// <summary><c>v:"value"</c>.</summary>
    Value,

    /// <summary><c>i:3</c>.</summary>
    Index,
}
