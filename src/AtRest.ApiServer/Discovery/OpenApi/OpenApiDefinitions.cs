using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>
/// The definitions a document needs for some kinds: each kind's own schema and parts, the list of each stored kind
/// (derived: <c>apiVersion</c>, <c>items</c>, <c>kind</c>, <c>metadata</c>), every shared piece they refer to, and the
/// <c>Patch</c> body their patch operations name.
/// </summary>
internal static class OpenApiDefinitions
{
    /// <summary>The definitions, sorted by name as kube-apiserver writes them.</summary>
    /// <exception cref="InvalidOperationException">A schema refers to a definition no registration provides.</exception>
    public static IReadOnlyList<NamedDefinition> For(IEnumerable<KindRegistration> kinds)
    {
        var byName = new SortedDictionary<string, NamedDefinition>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            byName[kind.Schema.Root.Name] = new(kind.Schema.Root, kind, kind.Kind);
            foreach (var part in kind.Schema.Parts)
            {
                byName.TryAdd(part.Name, new(part, null, null));
            }

            if (kind.IsStored)
            {
                byName[kind.Schema.ListName] = new(ListOf(kind), kind, kind.ListKind);
                byName.TryAdd(SharedSchemas.PatchDefinition.Name, new(SharedSchemas.PatchDefinition, null, null));
            }
        }

        var shared = SharedSchemas.All.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var pending = new Queue<string>(byName.Values.SelectMany(d => d.Definition.Schema.References()));
        while (pending.TryDequeue(out var name))
        {
            if (byName.ContainsKey(name))
            {
                continue;
            }

            var definition = shared.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"the OpenAPI schema refers to {name}, which no kind registration or shared schema defines");
            byName[name] = new(definition, null, null);
            foreach (var reference in definition.Schema.References())
            {
                pending.Enqueue(reference);
            }
        }

        return [.. byName.Values];
    }

    private static SchemaDefinition ListOf(KindRegistration kind) => new(kind.Schema.ListName, Schema.Object(
        kind.Schema.ListDescription,
        SharedSchemas.ApiVersion,
        new("items", Schema.ArrayOf(new() { Ref = kind.Schema.Root.Name }, kind.Schema.ItemsDescription)),
        SharedSchemas.Kind,
        SharedSchemas.ListMetadata) with { Required = ["items"] });
}
