using AtRest.ApiServer.Resources;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>One operation of a path, as both documents describe it.</summary>
/// <param name="Method">The HTTP method in lower case (<c>patch</c>).</param>
/// <param name="Action"><c>x-kubernetes-action</c>: <c>get</c>, <c>list</c>, <c>post</c>, <c>put</c>, <c>patch</c>, <c>delete</c>, <c>deletecollection</c>.</param>
/// <param name="OperationId">kube's operation id (<c>patchCoreV1NamespacedSecret</c>).</param>
/// <param name="Description">What it does (<c>partially update the specified Secret</c>).</param>
/// <param name="Kind">The registration it serves.</param>
/// <param name="Body">The definition of the request body, or null.</param>
/// <param name="Response">The definition of the 200 response, or null.</param>
/// <param name="Parameters">The query parameters.</param>
internal sealed record OpenApiOperation(
    string Method, string Action, string OperationId, string Description, KindRegistration Kind, string? Body, string? Response,
    IReadOnlyList<QueryParameter> Parameters)
{
    /// <summary>The definition every patch body refers to.</summary>
    public const string PatchDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <summary>The media types of a patch body.</summary>
    public static readonly IReadOnlyList<string> PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>The paths and operations of <paramref name="kind"/>, in kube-apiserver's layout.</summary>
    public static IEnumerable<(string Path, IReadOnlyList<OpenApiOperation> Operations)> PathsOf(KindRegistration kind)
    {
        var (p, r, k) = (kind.PathPrefix, kind.Resource, kind.Kind);
        var id = OperationIdPart(kind);
        var root = kind.Schema.Root.Name;
        if (!kind.IsStored)
        {
            yield return ($"{p}/{r}", [new("post", "post", $"create{id}{k}", $"create a {k}", kind, root, root, QueryParameter.Write)]);
            yield break;
        }

        var scope = kind.Namespaced ? "Namespaced" : "";
        var collection = kind.Namespaced ? $"{p}/namespaces/{{namespace}}/{r}" : $"{p}/{r}";
        var collectionOperations = new List<OpenApiOperation>
        {
            new("get", "list", $"list{id}{scope}{k}", $"list or watch objects of kind {k}", kind, null, kind.Schema.ListName, QueryParameter.ListOrWatch),
            new("post", "post", $"create{id}{scope}{k}", $"create a {k}", kind, root, root, QueryParameter.Write),
        };
        if (kind.Verbs.Contains("deletecollection"))
        {
            collectionOperations.Add(new("delete", "deletecollection", $"delete{id}Collection{scope}{k}", $"delete collection of {k}", kind, null, null, QueryParameter.Delete));
        }

        yield return (collection, collectionOperations);
        yield return ($"{collection}/{{name}}",
        [
            new("get", "get", $"read{id}{scope}{k}", $"read the specified {k}", kind, null, root, []),
            new("put", "put", $"replace{id}{scope}{k}", $"replace the specified {k}", kind, root, root, QueryParameter.Write),
            new("delete", "delete", $"delete{id}{scope}{k}", $"delete a {k}", kind, null, null, QueryParameter.Delete),
            new("patch", "patch", $"patch{id}{scope}{k}", $"partially update the specified {k}", kind, PatchDefinition, root, QueryParameter.Patch),
        ]);
        if (kind.Namespaced)
        {
            yield return ($"{p}/{r}",
                [new("get", "list", $"list{id}{k}ForAllNamespaces", $"list or watch objects of kind {k}", kind, null, kind.Schema.ListName, QueryParameter.ListOrWatch)]);
        }
    }

    // kube's operation ids name the group version: CoreV1, AuthorizationV1, EventsV1, RbacAuthorizationV1.
    private static string OperationIdPart(KindRegistration kind)
    {
        var group = kind.Group.Length == 0 ? "core" : kind.Group.EndsWith(".k8s.io", StringComparison.Ordinal) ? kind.Group[..^".k8s.io".Length] : kind.Group;
        return string.Concat(group.Split('.').Select(Pascal)) + Pascal(kind.Version);
    }

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
