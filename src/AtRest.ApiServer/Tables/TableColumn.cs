using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tables;

/// <summary>A <c>meta.k8s.io/v1</c> TableColumnDefinition.</summary>
/// <param name="Name">The header (kubectl upper-cases it).</param>
/// <param name="Type">The OpenAPI type: <c>string</c>, <c>integer</c>, …</param>
/// <param name="Format">The OpenAPI format (<c>name</c> for the name column).</param>
/// <param name="Description">kube-apiserver's description text.</param>
/// <param name="Priority">0 for the columns kubectl always prints, 1 for those only <c>-o wide</c> prints.</param>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0)
{
    /// <summary>The NAME column every kind starts with.</summary>
    public static readonly TableColumn NameColumn = new("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");

    /// <summary>The AGE column most kinds have after their own columns.</summary>
    public static readonly TableColumn AgeColumn = new("Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");

    /// <summary>The CREATED AT column of kube-apiserver's default Table convertor (kinds without a printer).</summary>
    public static readonly TableColumn CreatedAtColumn = new("Created At", "date", "", AgeColumn.Description);

    /// <summary>The CREATED AT cell: the creation time as Go's RFC 3339 in UTC (the zero time when unset).</summary>
    public static string CreatedAt(KubernetesResource obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.CreationTimestamp is { } created ? created.ToString() : "0001-01-01T00:00:00Z";
    }
}
