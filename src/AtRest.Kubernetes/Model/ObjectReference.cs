namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>ObjectReference</c>: enough to find one object (or a field of it).</summary>
public sealed record ObjectReference
{
    /// <summary><c>kind</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary><c>namespace</c>.</summary>
    public string Namespace { get; init; } = "";

    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>uid</c>.</summary>
    public string Uid { get; init; } = "";

    /// <summary><c>apiVersion</c>.</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary><c>resourceVersion</c>.</summary>
    public string ResourceVersion { get; init; } = "";

    /// <summary><c>fieldPath</c>, e.g. <c>spec.containers{name}</c>.</summary>
    public string FieldPath { get; init; } = "";
}
