namespace AtRest.ApiServer.Tables;

/// <summary>A <c>meta.k8s.io/v1</c> TableColumnDefinition.</summary>
/// <param name="Name">The header (kubectl upper-cases it).</param>
/// <param name="Type">The OpenAPI type: <c>string</c>, <c>integer</c>, …</param>
/// <param name="Format">The OpenAPI format (<c>name</c> for the name column).</param>
/// <param name="Description">kube-apiserver's description text.</param>
internal sealed record TableColumn(string Name, string Type, string Format, string Description)
{
    /// <summary>The column's priority: 0 is always shown, higher only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }

    /// <summary>The NAME column every kind starts with.</summary>
    public static readonly TableColumn NameColumn = new("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");

    /// <summary>The AGE column every kind ends with.</summary>
    public static readonly TableColumn AgeColumn = new("Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
}
