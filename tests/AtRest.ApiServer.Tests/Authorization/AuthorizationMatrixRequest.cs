using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The HTTP request a matrix verb makes, as kubectl would send it. Every write is a dry run (<c>dryRun=All</c>):
/// kube-apiserver authorizes a dry run exactly as the real request, and a dry run changes nothing, so every row meets
/// the same objects whatever the rows before it did. Creates name a new object <c>matrix-new</c>; a watch asks for
/// <c>timeoutSeconds=1</c>.
/// </summary>
internal static class AuthorizationMatrixRequest
{
    /// <summary>The request for <paramref name="verb"/> on <paramref name="row"/>'s resource, scope and name.</summary>
    public static HttpRequestMessage For(AuthorizationMatrixRow row, string verb, string secretValue)
    {
        var collection = Collection(row);
        var item = row.Resource == "namespaces" ? $"/api/v1/namespaces/{row.Name}" : $"{collection}/{row.Name}";
        return verb switch
        {
            "get" => new HttpRequestMessage(HttpMethod.Get, item),
            "list" => new HttpRequestMessage(HttpMethod.Get, collection),
            "watch" => new HttpRequestMessage(HttpMethod.Get, collection + "?watch=true&timeoutSeconds=1"),
            "create" => WithJson(HttpMethod.Post, collection + "?dryRun=All", Body(row.Resource, "matrix-new", secretValue), "application/json"),
            "update" => WithJson(HttpMethod.Put, item + "?dryRun=All", Body(row.Resource, row.Name, secretValue), "application/json"),
            "patch" => WithJson(HttpMethod.Patch, item + "?dryRun=All", """{"metadata":{"labels":{"matrix":"patched"}}}""", "application/merge-patch+json"),
            "delete" => new HttpRequestMessage(HttpMethod.Delete, item + "?dryRun=All"),
            "deletecollection" => new HttpRequestMessage(HttpMethod.Delete, collection + "?dryRun=All"),
            _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "not a matrix verb"),
        };
    }

    /// <summary>
    /// The status an allowed request answers: 201 for a create, 200 otherwise, and 405 for deletecollection on
    /// namespaces (kube-apiserver serves no such verb there, after authorizing the request).
    /// </summary>
    public static HttpStatusCode AllowedStatus(AuthorizationMatrixRow row, string verb) => verb switch
    {
        "create" => HttpStatusCode.Created,
        "deletecollection" when row.Resource == "namespaces" => HttpStatusCode.MethodNotAllowed,
        _ => HttpStatusCode.OK,
    };

    private static string Collection(AuthorizationMatrixRow row)
    {
        var prefix = row.Resource is "roles" or "rolebindings" ? "/apis/rbac.authorization.k8s.io/v1" : "/api/v1";
        return row.Resource == "namespaces" || row.Scope.Length == 0
            ? $"{prefix}/{row.Resource}"
            : $"{prefix}/namespaces/{row.Scope}/{row.Resource}";
    }

    // Bodies a user may write without escalating: the role's rule and the binding's role are within admin of a namespace.
    private static string Body(string resource, string name, string secretValue) => resource switch
    {
        "secrets" => $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}"},"data":{"value":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(secretValue))}}}"}}""",
        "configmaps" => $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"mode":"updated"}}""",
        "namespaces" => $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""",
        "roles" => AuthorizationMatrixServer.RoleJson(name, """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]"""),
        "rolebindings" => AuthorizationMatrixServer.BindingJson("RoleBinding", name, "ClusterRole", "view", "User", "nobody"),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "not a matrix resource"),
    };

    private static HttpRequestMessage WithJson(HttpMethod method, string path, string json, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }
}
