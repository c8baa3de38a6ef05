using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Security;

/// <summary>Kubernetes RBAC's wording for a denied request.</summary>
internal static class AuthorizationMessages
{
    /// <summary>The Forbidden message kube-apiserver prints for <paramref name="user"/> doing <paramref name="request"/>.</summary>
    public static string Forbidden(AuthenticatedUser user, RequestInfo request)
    {
        if (!request.IsResourceRequest)
        {
            return $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        }

        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var subject = request.Name.Length == 0 ? request.Resource : $"{request.Resource} \"{request.Name}\"";
        if (request.Group.Length > 0)
        {
            subject = request.Name.Length == 0 ? $"{request.Resource}.{request.Group}" : $"{request.Resource}.{request.Group} \"{request.Name}\"";
        }

        var scope = request.Namespace.Length == 0 || request.Resource == "namespaces"
            ? "at the cluster scope"
            : $"in the namespace \"{request.Namespace}\"";
        return $"{subject} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}";
    }
}
