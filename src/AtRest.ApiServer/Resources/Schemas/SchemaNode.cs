namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>
/// The OpenAPI schema of a type or a field, in the subset Kubernetes' own specs use. One description serves the v2
/// and v3 documents; only the form of references and of the vendor extensions differs between them.
/// </summary>
internal sealed record SchemaNode
{
    /// <summary><c>string</c>, <c>boolean</c>, <c>integer</c>, <c>array</c>, <c>object</c>; null for a reference.</summary>
    public string? Type { get; init; }

    /// <summary><c>byte</c>, <c>date-time</c>, <c>int32</c>, <c>int64</c>, …</summary>
    public string? Format { get; init; }

    /// <summary>kube's description (what <c>kubectl explain</c> prints).</summary>
    public string Description { get; init; } = "";

    /// <summary>The full name of the referenced definition (<c>io.k8s.api.core.v1.Secret</c>), or null.</summary>
    public string? Ref { get; init; }

    /// <summary>The element schema of an array.</summary>
    public SchemaNode? Items { get; init; }

    /// <summary>The value schema of a map.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>The fields of an object, in the order written.</summary>
    public IReadOnlyList<SchemaProperty> Properties { get; init; } = [];

    /// <summary>The fields an object must have.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary><c>x-kubernetes-list-type</c>: <c>atomic</c>, <c>set</c> or <c>map</c>.</summary>
    public string? ListType { get; init; }

    /// <summary><c>x-kubernetes-list-map-keys</c> of a <c>map</c> list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary><c>x-kubernetes-map-type</c>: <c>atomic</c> or <c>granular</c>.</summary>
    public string? MapType { get; init; }

    /// <summary><c>x-kubernetes-patch-strategy</c> (<c>merge</c>, <c>retainKeys</c>, …).</summary>
    public string? PatchStrategy { get; init; }

    /// <summary><c>x-kubernetes-patch-merge-key</c>.</summary>
    public string? PatchMergeKey { get; init; }

    /// <summary>The definitions this schema refers to, directly or through its fields.</summary>
    public IEnumerable<string> References()
    {
        if (Ref is not null)
        {
            yield return Ref;
        }

        foreach (var child in Properties.Select(p => p.Schema).Append(Items).Append(AdditionalProperties))
        {
            if (child is null)
            {
                continue;
            }

            foreach (var reference in child.References())
            {
                yield return reference;
            }
        }
    }
}
