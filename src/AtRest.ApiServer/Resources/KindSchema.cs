using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources;

/// <summary>A kind's OpenAPI description: its own definition and those of its parts; the list's is derived.</summary>
/// <param name="Root">The kind's definition (<c>io.k8s.api.core.v1.Secret</c>).</param>
/// <param name="Parts">The definitions only this kind's schema uses (<c>NamespaceSpec</c>, …); shared ones come from <see cref="SharedSchemas"/>.</param>
internal sealed record KindSchema(SchemaDefinition Root, IReadOnlyList<SchemaDefinition> Parts)
{
    /// <summary>The list's description (<c>SecretList is a list of Secret.</c>).</summary>
    public string ListDescription { get; init; } = "";

    /// <summary>The description of the list's <c>items</c>.</summary>
    public string ItemsDescription { get; init; } = "";

    /// <summary>The name of the list's definition (<c>io.k8s.api.core.v1.SecretList</c>).</summary>
    public string ListName => Root.Name + "List";
}
